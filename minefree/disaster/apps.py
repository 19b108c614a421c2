from django.apps import AppConfig


class DisasterConfig(AppConfig):
    name = "minefree.disaster"
    label = "disaster"
