from django.apps import AppConfig


class FieldCollectionConfig(AppConfig):
    name = "minefree.fieldcollection"
    label = "fieldcollection"
