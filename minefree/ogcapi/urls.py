from django.urls import path

from minefree.ogcapi.catalogue import CollectionsView, CollectionView, QueryablesView
from minefree.ogcapi.items import ItemsView, ItemView
from minefree.ogcapi.landing import ConformanceView, LandingView
from minefree.ogcapi.openapi import OpenApiView
from minefree.ogcapi.tiles import TileMatrixSetsView, TileMatrixSetView, TilesetsView, TilesetView, TileView
from minefree.ogcapi.project import ProjectView
from minefree.ogcapi.styles import StylesView, StyleView

app_name = "ogcapi"
urlpatterns = [
    path("", LandingView.as_view(), name="landing"),
    path("conformance", ConformanceView.as_view(), name="conformance"),
    path("api", OpenApiView.as_view(), name="openapi"),
    path("collections", CollectionsView.as_view(), name="collections"),
    path("collections/<str:collection_id>", CollectionView.as_view(), name="collection"),
    path("collections/<str:collection_id>/queryables", QueryablesView.as_view(), name="queryables"),
    path("collections/<str:collection_id>/items", ItemsView.as_view(), name="items"),
    path("collections/<str:collection_id>/items/<int:feature_id>", ItemView.as_view(), name="item"),
    path("tileMatrixSets", TileMatrixSetsView.as_view(), name="tilematrixsets"),
    path("tileMatrixSets/<str:matrix_set>", TileMatrixSetView.as_view(), name="tilematrixset"),
    path("collections/<str:collection_id>/tiles", TilesetsView.as_view(), name="tilesets"),
    path("collections/<str:collection_id>/tiles/<str:matrix_set>", TilesetView.as_view(), name="tileset"),
    path(
        "collections/<str:collection_id>/tiles/<str:matrix_set>/<str:z>/<str:y>/<str:x>",
        TileView.as_view(),
        name="tile",
    ),
    path("collections/<str:collection_id>/styles", StylesView.as_view(), name="styles"),
    path("collections/<str:collection_id>/styles/<str:style_id>", StyleView.as_view(), name="style"),
    path("project.qgs", ProjectView.as_view(), name="project"),
]
