from django.apps import AppConfig


class CasualtiesConfig(AppConfig):
    name = "minefree.casualties"
    label = "casualties"
