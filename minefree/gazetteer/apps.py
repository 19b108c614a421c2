from django.apps import AppConfig


class GazetteerConfig(AppConfig):
    name = "minefree.gazetteer"
    label = "gazetteer"
