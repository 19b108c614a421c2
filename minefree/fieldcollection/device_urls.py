from django.urls import path

from minefree.fieldcollection import device_views

app_name = "devices"
urlpatterns = [
    path("", device_views.device_list, name="list"),
    path("new/", device_views.new_device, name="new"),
    path("<int:pk>/revoke/", device_views.revoke, name="revoke"),
]
