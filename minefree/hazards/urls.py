from django.urls import path

from minefree.hazards import views

app_name = "hazards"
urlpatterns = [
    path("", views.hazard_map, name="map"),
    path("map.geojson", views.map_geojson, name="map-geojson"),
    path("list/", views.hazard_list, name="list"),
    path("summary/", views.summary, name="summary"),
    path("new/", views.hazard_create, name="create"),
    path("<int:pk>/", views.hazard_detail, name="detail"),
    path("<int:pk>/edit/", views.hazard_edit, name="edit"),
    path("<int:pk>/history/", views.hazard_history, name="history"),
]
