from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "minefree.exports"
    label = "exports"
