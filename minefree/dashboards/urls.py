from django.urls import path

from minefree.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="nmac"),
    path("<slug:chart>.csv", views.export_csv, name="csv"),
    path("<slug:chart>.json", views.export_json, name="json"),
    path("region/<str:code>/", views.region, name="region"),
    path("region/<str:code>/<slug:chart>.csv", views.region_csv, name="region-csv"),
    path("region/<str:code>/<slug:chart>.json", views.region_json, name="region-json"),
    path("public/", views.public_dashboard, name="public"),
    path("public/outlines.geojson", views.public_outlines, name="public-outlines"),
    path("public/<slug:chart>.csv", views.public_csv, name="public-csv"),
    path("public/<slug:chart>.json", views.public_json, name="public-json"),
    path("publication/", views.publication, name="publication"),
]
