from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "minefree.hazards"
    label = "hazards"

    def ready(self) -> None:
        from minefree.hazards import records, reports  # noqa: F401 - registers record types and report kinds
