from django.apps import AppConfig


class BasemapConfig(AppConfig):
    name = "minefree.basemap"
    label = "basemap"
