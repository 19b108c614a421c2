from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "minefree.interop"
    label = "interop"
