"""Template context: the signed-in user's unread notifications (settings TEMPLATES context_processors)."""

from typing import Any

from django.http import HttpRequest

from minefree.fieldwork.models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=request.user.pk, read_at__isnull=True).count()}
