"""Field reports lived under /reports/ until that prefix went to the reporting app's figures: the old
addresses of a report, its form and the notifications answer a permanent redirect (GET only), so
bookmarks and links in old notification e-mails still land. The old list, /reports/, is the reports
index now and does not redirect."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_safe


def moved(name: str):  # type: ignore[no-untyped-def]
    @require_safe
    def view(request: HttpRequest, **kwargs: object) -> HttpResponsePermanentRedirect:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(
            reverse(f"fieldwork:{name}", kwargs=kwargs) + (f"?{query}" if query else "")
        )

    return view


app_name = "fieldwork-moved"
urlpatterns = [
    path("new/<str:kind>/", moved("create"), name="create"),
    path("<int:pk>/", moved("detail"), name="detail"),
    path("<int:pk>/edit/", moved("edit"), name="edit"),
    path("notifications/", moved("notifications"), name="notifications"),
]
