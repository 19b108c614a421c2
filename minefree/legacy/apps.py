from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class LegacyConfig(AppConfig):
    name = "minefree.legacy"
    label = "legacy"

    def ready(self) -> None:
        # Each app declares what a legacy import may write into it in its own `legacy.py`.
        autodiscover_modules("legacy")
        from minefree.legacy import jobs  # noqa: F401 - registers the background import
