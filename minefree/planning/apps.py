from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "minefree.planning"
    label = "planning"
