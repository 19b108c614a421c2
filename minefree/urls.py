from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="hazards:map"), name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("hazards/", include("minefree.hazards.urls")),
    path("field-reports/", include("minefree.fieldwork.urls")),
    path("reports/", include("minefree.fieldwork.moved_urls")),  # before the reports: old field-report addresses
    path("reports/", include("minefree.reporting.report_urls")),
    path("access/", include("minefree.organisations.urls")),
    path("setup/", include("minefree.countrysetup.urls")),
    path("audit/", include("minefree.core.urls")),
    path("records/", include("minefree.core.records_urls")),
    path("assistance/", include("minefree.casualties.urls")),
    path("openrosa/draft/<str:key>/", include("minefree.fieldcollection.draft_urls")),
    path("openrosa/", include("minefree.fieldcollection.urls")),
    # The same OpenRosa server for a phone set up from a device access QR code: the secret is in the path.
    path("key/<str:token>/", include("minefree.fieldcollection.urls", namespace="openrosa-key")),
    path("forms/", include("minefree.fieldcollection.forms_urls")),
    path("devices/", include("minefree.fieldcollection.device_urls")),
    path("fill/", include("minefree.webforms.urls")),
    path("geopackage/", include("minefree.geopackage.urls")),
    path("dashboard/", include("minefree.dashboards.urls")),
    path("treaty/", include("minefree.reporting.urls")),
    path("planner/", include("minefree.planning.urls")),
    path("disaster/", include("minefree.disaster.urls")),
    path("exports/", include("minefree.exports.urls")),
    path("legacy-import/", include("minefree.legacy.urls")),
    path("search/", include("minefree.search.urls")),
    path("basemap/", include("minefree.basemap.urls")),
    path("help/", include("minefree.help.urls")),
    path("api/v1/", include("minefree.api_urls")),
    path("ogc/", include("minefree.ogcapi.urls")),
]
