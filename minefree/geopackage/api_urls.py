"""The round trip's API under /api/v1/geopackage/ (included by minefree/api_urls.py, names unchanged)."""

from django.urls import path

from minefree.geopackage import geopackage_api as gpkg_api

urlpatterns = [
    path("export/", gpkg_api.GeoPackageExportView.as_view(), name="geopackage-export"),
    path("import/", gpkg_api.GeoPackageImportView.as_view(), name="geopackage-import"),
    path("imports/<int:pk>/", gpkg_api.GeoPackageImportDetail.as_view(), name="geopackage-import-detail"),
    path("import-jobs/<int:pk>/", gpkg_api.GeoPackageImportJob.as_view(), name="geopackage-import-job"),
    path("changes/<int:pk>/acknowledge/", gpkg_api.GeoPackageAcknowledge.as_view(), name="geopackage-ack"),
]
