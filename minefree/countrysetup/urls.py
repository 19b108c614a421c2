from django.urls import path

from minefree.countrysetup import people_views, views

app_name = "countrysetup"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("countries/new/", views.country_edit, name="country-create"),
    path("countries/<str:code>/", views.country_edit, name="country-edit"),
    path("areas/", views.areas_upload, name="areas-upload"),
    path("areas/<str:token>/", views.areas_preview, name="areas-preview"),
    path("organisations/", people_views.organisations, name="organisations"),
    path("organisations/new/", people_views.organisation_edit, name="organisation-create"),
    path("organisations/<int:pk>/", people_views.organisation_edit, name="organisation-edit"),
    path("teams/", people_views.teams, name="teams"),
    path("teams/new/", people_views.team_edit, name="team-create"),
    path("teams/<int:pk>/", people_views.team_edit, name="team-edit"),
    path("users/", people_views.users, name="users"),
    path("users/new/", people_views.user_create, name="user-create"),
    path("users/<int:pk>/active/", people_views.user_active, name="user-active"),
]
