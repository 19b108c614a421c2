from django.urls import path, register_converter

from minefree.basemap import views


class Extension:
    """A tile file extension: letters only, so a path can never climb out of /basemap/."""

    regex = "[a-z]{3,4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(Extension, "tile_ext")

app_name = "basemap"
urlpatterns = [
    path("", views.tilejson, name="tilejson"),
    path("<int:z>/<int:x>/<int:y>.<tile_ext:ext>", views.tile, name="tile"),
]
