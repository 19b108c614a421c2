"""`{% breadcrumbs "Hazardous areas" list_url hazard.reference %}`: where a page sits, from Home.

Arguments come in (label, address) pairs for the pages above, then the current page's label; the
labels are escaped like any other value (`templates/_breadcrumbs.html`).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import TemplateSyntaxError

register = template.Library()


@register.inclusion_tag("_breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    if len(parts) % 2 != 1:
        raise TemplateSyntaxError("breadcrumbs takes (label, address) pairs, then the current page's label")
    above = [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    return {"above": above, "current": parts[-1]}
