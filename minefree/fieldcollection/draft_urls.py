"""A draft's test server: ODK Collect's server URL is http://HOST/openrosa/draft/<key>."""

from django.urls import path

from minefree.fieldcollection import draft_openrosa as views

app_name = "openrosa-draft"
urlpatterns = [
    path("formList", views.form_list, name="form-list"),
    path("forms/<str:form_id>/form.xml", views.form_xml, name="form"),
    path("forms/<str:form_id>/manifest", views.manifest, name="manifest"),
    path("forms/<str:form_id>/media/<str:name>", views.media, name="media"),
    path("submission", views.submission, name="submission"),
]
