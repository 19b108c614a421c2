from django.urls import path

from minefree.planning import api, views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("forecast.json", api.PlanForecast.as_view(), name="forecast-json"),
    path("parameters/", views.parameters, name="parameters"),
    path("scenarios/save/", views.save_scenario, name="scenario-save"),
]
