from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "minefree.demo"
    label = "demo"
