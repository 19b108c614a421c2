from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "minefree.organisations"
    label = "organisations"
