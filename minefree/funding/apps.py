from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "minefree.funding"
    label = "funding"

    def ready(self) -> None:
        from minefree.funding import records, reports  # noqa: F401 - registers record types and report kinds
