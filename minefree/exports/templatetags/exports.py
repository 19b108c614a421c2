"""`{% export_control "hazards" %}`: the Export form a list page shows, keeping its filters."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from minefree.exports.crs import choices
from minefree.exports.export import filters_only
from minefree.exports.formats import formats_for
from minefree.exports.sources import sources

register = template.Library()


@register.inclusion_tag("exports/_control.html", takes_context=True)
def export_control(context: dict[str, Any], slug: str) -> dict[str, Any]:
    source = sources().get(slug)
    if source is None:  # not exportable (personal data): no control at all
        return {"source": None}
    request = context["request"]
    query = filters_only(request.GET).urlencode()
    action = reverse("exports:export", args=[slug]) + (f"?{query}" if query else "")
    return {
        "source": source,
        "formats": formats_for(source),
        "action": action,
        "csrf_token": context.get("csrf_token"),
        "systems": choices() if source.geometry else [],
    }
