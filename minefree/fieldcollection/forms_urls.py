from django.urls import path

from minefree.fieldcollection import encrypted_views, refusals, views

app_name = "forms"
urlpatterns = [
    path("", views.forms_page, name="list"),
    path("<int:pk>/toggle/", views.toggle, name="toggle"),
    path("drafts/<int:pk>/publish/", views.publish_draft, name="draft-publish"),
    path("drafts/<int:pk>/discard/", views.discard_draft, name="draft-discard"),
    path("drafts/<int:pk>/key/", views.draft_key, name="draft-key"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("encrypted/", encrypted_views.encrypted_page, name="encrypted"),
    path("encrypted/<int:pk>/decrypt/", encrypted_views.decrypt, name="decrypt"),
    path("refused/", refusals.refused_list, name="refused"),
    path("refused/<int:pk>/instance.xml", refusals.refused_xml, name="refused-xml"),
    path("<str:form_id>/export.<str:fmt>", views.export_submissions, name="export"),
]
