"""OpenRosa paths as ODK Collect builds them from the server URL http://HOST/openrosa."""

from django.urls import path

from minefree.fieldcollection import openrosa

app_name = "openrosa"
urlpatterns = [
    path("formList", openrosa.form_list, name="form-list"),
    path("forms/<str:form_id>/form.xml", openrosa.form_xml, name="form"),
    path("forms/<str:form_id>/manifest", openrosa.manifest, name="manifest"),
    path("forms/<str:form_id>/media/<str:name>", openrosa.media, name="media"),
    path("submission", openrosa.submission, name="submission"),
]
