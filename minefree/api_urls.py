"""Every REST endpoint under /api/v1/, with the OpenAPI schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from minefree.casualties.api import VictimPersonalData
from minefree.core.api_schema import SchemaView
from minefree.core.generic_api import viewset_for
from minefree.core.registry import REGISTRY
from minefree.dashboards import api as dashboard_api
from minefree.disaster.api import DisasterViewSet
from minefree.exports import api as exports_api
from minefree.fieldwork.api import FieldReportViewSet, NotificationViewSet
from minefree.hazards.api import HazardAreaViewSet, LandReleaseViewSet
from minefree.reporting import api as reporting_api

router = DefaultRouter()
router.register("hazards", HazardAreaViewSet, basename="hazard")
router.register("land-release", LandReleaseViewSet, basename="land-release")
router.register("field-reports", FieldReportViewSet, basename="field-report")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("disaster", DisasterViewSet, basename="disaster")
for record_type in REGISTRY.values():
    router.register(record_type.slug, viewset_for(record_type), basename=record_type.slug)

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the docs page needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("victims/<int:pk>/personal/", VictimPersonalData.as_view(), name="victim-personal"),
    path("geopackage/", include("minefree.geopackage.api_urls")),
    path("exports/<slug:slug>/", exports_api.ExportView.as_view(), name="api-export"),
    path("jobs/<int:pk>/", exports_api.JobView.as_view(), name="api-job"),
    path("dashboard/", dashboard_api.DashboardCharts.as_view(), name="api-dashboard"),
    path("dashboard/<slug:chart>/", dashboard_api.DashboardChart.as_view(), name="api-dashboard-chart"),
    path("jobs/<int:pk>/download/", exports_api.JobDownloadView.as_view(), name="api-job-download"),
    *reporting_api.urlpatterns(),
    path("", include(router.urls)),
]
