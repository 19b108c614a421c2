from django.apps import AppConfig


class WebformsConfig(AppConfig):
    name = "minefree.webforms"
    label = "webforms"
