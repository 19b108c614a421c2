from django.apps import AppConfig


class CasualtiesConfig(AppConfig):
    name = "minefree.casualties"
    label = "casualties"

    def ready(self) -> None:
        from minefree.casualties import records  # noqa: F401 - registers the record types
