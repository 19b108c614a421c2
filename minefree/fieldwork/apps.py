from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "minefree.fieldwork"
    label = "fieldwork"
