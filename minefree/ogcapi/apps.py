from django.apps import AppConfig


class OgcApiConfig(AppConfig):
    name = "minefree.ogcapi"
    label = "ogcapi"

    def ready(self) -> None:
        from minefree.ogcapi import declared  # noqa: F401 - declares the collections
