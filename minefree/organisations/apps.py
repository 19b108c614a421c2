from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "minefree.organisations"
    label = "organisations"

    def ready(self) -> None:
        from minefree.organisations import records, reports  # noqa: F401 - registers record types and report kinds
