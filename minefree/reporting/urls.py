from django.urls import path

from minefree.reporting import views

app_name = "treaty"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:treaty>/<int:year>/", views.detail, name="detail"),
    path("<str:treaty>/<int:year>/submit/", views.submit, name="submit"),
    path("<str:treaty>/<int:year>/article7.<str:fmt>", views.download, name="download"),
]
