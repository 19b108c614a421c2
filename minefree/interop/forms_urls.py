from django.urls import path

from minefree.interop import views

app_name = "forms"
urlpatterns = [
    path("", views.forms_page, name="list"),
    path("<int:pk>/toggle/", views.toggle, name="toggle"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<str:form_id>/export.<str:fmt>", views.export_submissions, name="export"),
]
