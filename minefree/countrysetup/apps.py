from django.apps import AppConfig


class CountrySetupConfig(AppConfig):
    name = "minefree.countrysetup"
    label = "countrysetup"
