from django.urls import path

from minefree.search import views

app_name = "search"
urlpatterns = [
    path("", views.results, name="results"),
    path("places/", views.place_search, name="places"),
    path("places/labels/", views.place_labels, name="place-labels"),
]
