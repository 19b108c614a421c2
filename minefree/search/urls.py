from django.urls import path

from minefree.search import views

app_name = "search"
urlpatterns = [path("", views.results, name="results")]
