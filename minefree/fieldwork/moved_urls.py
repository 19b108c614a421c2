"""Field reports lived under /reports/ until that prefix went to the reporting app's figures: the old
addresses of a report, its form and the notifications answer a permanent redirect (GET only), so
bookmarks and links already shared still land. The old list, /reports/, is the reports
index now and does not redirect."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_safe


def moved(name: str) -> Callable[..., HttpResponse]:
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
