from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "minefree.help"
    label = "help"
