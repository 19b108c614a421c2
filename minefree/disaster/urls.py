from django.urls import path

from minefree.disaster import views

app_name = "disaster"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/overlay.gpkg", views.geopackage, name="geopackage"),
    path("<int:pk>/overlay.pdf", views.pdf, name="pdf"),
]
