from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "minefree.funding"
    label = "funding"
