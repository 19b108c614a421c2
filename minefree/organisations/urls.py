from django.urls import path

from minefree.organisations import lockout_views, views

app_name = "organisations"
urlpatterns = [
    path("", views.access, name="access"),
    path("roles/new/", views.role_edit, name="role-create"),
    path("roles/<int:pk>/", views.role_edit, name="role-edit"),
    path("grants/new/", views.grant_edit, name="grant-create"),
    path("grants/<int:pk>/", views.grant_edit, name="grant-edit"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant-revoke"),
    path("lockouts/", lockout_views.lockout_list, name="lockouts"),
    path("lockouts/release/", lockout_views.lockout_release, name="lockout-release"),
]
