from django.urls import path

from minefree.casualties import views

app_name = "casualties"
urlpatterns = [
    path("victims/<int:pk>/personal/", views.personal, name="personal"),
]
