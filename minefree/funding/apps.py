from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "minefree.funding"
    label = "funding"

    def ready(self) -> None:
        from minefree.funding import figures, records, reports  # noqa: F401 - record types, report kinds, report
