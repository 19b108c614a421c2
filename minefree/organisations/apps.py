from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "minefree.organisations"
    label = "organisations"

    def ready(self) -> None:
        from minefree.organisations import records  # noqa: F401 - registers the record types
