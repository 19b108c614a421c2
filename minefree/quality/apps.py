from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "minefree.quality"
    label = "quality"

    def ready(self) -> None:
        from minefree.quality import records  # noqa: F401 - registers the record types
