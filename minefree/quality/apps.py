from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "minefree.quality"
    label = "quality"

    def ready(self) -> None:
        from minefree.quality import records, reports  # noqa: F401 - registers record types and report kinds
