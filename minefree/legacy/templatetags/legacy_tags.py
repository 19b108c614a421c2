"""`{% external_ids record %}`: the ids a record had in IMSMA, on any record's page."""

from __future__ import annotations

from typing import Any

from django import template

from minefree.legacy.external_ids import of

register = template.Library()


@register.inclusion_tag("legacy/external_ids.html")
def external_ids(record: Any) -> dict[str, Any]:
    return {"external": of(record)}
