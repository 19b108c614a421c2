from django.urls import path

from minefree.core import generic_views

app_name = "records"
urlpatterns = [
    path("", generic_views.record_index, name="index"),
    path("<slug:slug>/", generic_views.record_list, name="list"),
    path("<slug:slug>/<int:pk>/", generic_views.record_detail, name="detail"),
    path("<slug:slug>/<int:pk>/history/", generic_views.record_history, name="history"),
]
