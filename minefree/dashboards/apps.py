from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "minefree.dashboards"
    label = "dashboards"
