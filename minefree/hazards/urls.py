from django.urls import path
from django.views.generic import RedirectView

from minefree.hazards import views

app_name = "hazards"
urlpatterns = [
    path("", views.hazard_map, name="map"),
    path("map.geojson", views.map_geojson, name="map-geojson"),
    path("list/", views.hazard_list, name="list"),
    # The summary became the reports index; old links and bookmarks land there.
    path("summary/", RedirectView.as_view(pattern_name="reporting:index", permanent=True), name="summary"),
    path("new/", views.hazard_create, name="create"),
    path("area-basis/", views.area_basis, name="area-basis"),
    path("<int:pk>/", views.hazard_detail, name="detail"),
    path("<int:pk>/edit/", views.hazard_edit, name="edit"),
    path("<int:pk>/history/", views.hazard_history, name="history"),
]
