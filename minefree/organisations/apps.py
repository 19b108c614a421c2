from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "minefree.organisations"
    label = "organisations"

    def ready(self) -> None:
        from minefree.core.permissions import grants_from
        from minefree.organisations import records, reports  # noqa: F401 - registers record types and report kinds
        from minefree.organisations.grants import active_grants

        grants_from(active_grants)  # core's permissions read grants through this plug-in point
