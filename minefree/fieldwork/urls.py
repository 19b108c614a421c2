from django.urls import path

from minefree.fieldwork import inbox, views

app_name = "fieldwork"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("new/<str:kind>/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/<str:decision>/", views.report_decide, name="decide"),
    path("notifications/", views.notifications, name="notifications"),
]
