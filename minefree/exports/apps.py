from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "minefree.exports"
    label = "exports"

    def ready(self) -> None:
        from minefree.exports import export  # noqa: F401 - registers the "export" job kind
