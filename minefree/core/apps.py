from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "minefree.core"
    label = "core"
