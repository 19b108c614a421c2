"""Record pages show the ids a record had in IMSMA; the top bar offers the legacy import to importers."""

from __future__ import annotations

from typing import Any

from django import template

from minefree.legacy.external_ids import of
from minefree.legacy.run import may_import
from minefree.legacy.targets import TARGETS

register = template.Library()


@register.inclusion_tag("legacy/external_ids.html")
def external_ids(record: Any) -> dict[str, Any]:
    return {"external": of(record)}


@register.filter
def imports_legacy(user: Any) -> bool:
    return any(may_import(user, target) for target in TARGETS.values())
