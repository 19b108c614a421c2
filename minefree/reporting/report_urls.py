from django.urls import path

from minefree.reporting import report_views

app_name = "reporting"
urlpatterns = [
    path("", report_views.index, name="index"),
    path("<slug:slug>/", report_views.report, name="report"),
]
