from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "minefree.hazards"
    label = "hazards"
