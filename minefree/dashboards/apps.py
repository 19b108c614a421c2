from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_figures_version(sender: AppConfig, **kwargs: Any) -> None:
    from minefree.dashboards import figures_version

    if kwargs.get("using", "default") == "default":
        figures_version.install()


class DashboardsConfig(AppConfig):
    name = "minefree.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        # After every migrate (and a test database's set-up): the version row and its triggers,
        # including on tables a later migration added.
        post_migrate.connect(_install_figures_version, sender=self)
