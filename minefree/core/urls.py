from django.urls import path

from minefree.core import views

app_name = "core"
urlpatterns = [
    path("", views.audit_log, name="audit-log"),
    path("export.csv", views.audit_log_csv, name="audit-log-csv"),
]
