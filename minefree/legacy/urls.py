from django.urls import path

from minefree.legacy import views

app_name = "legacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("files/<str:token>/", views.source, name="source"),
    path("files/<str:token>/remove/", views.forget, name="forget"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/problems.csv", views.problems_csv, name="problems"),
]
