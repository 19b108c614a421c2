from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "minefree.reporting"
    label = "reporting"
