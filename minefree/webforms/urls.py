"""The browser form under /fill/: the service worker's scope is this folder, and nothing else."""

from django.urls import path

from minefree.webforms import views

app_name = "webforms"
urlpatterns = [
    path("", views.form_list, name="list"),
    path("sw.js", views.service_worker, name="worker"),
    path("submission", views.submission, name="submission"),
    path("<str:form_id>/", views.form_page, name="form"),
    path("<str:form_id>/form.xml", views.form_xml, name="xml"),
    path("<str:form_id>/media/<str:name>", views.media, name="media"),
]
