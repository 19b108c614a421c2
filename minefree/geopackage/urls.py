"""The GeoPackage round trip for QGIS and QField, mounted at /geopackage/."""

from django.urls import path

from minefree.geopackage import geopackage_views as views

app_name = "geopackage"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("import/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("import-jobs/<int:pk>/", views.import_job, name="import-job"),
    path("changes/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
