"""A property's value from a query string or a CQL2 literal, typed by the property's schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from minefree.ogcapi.errors import BadParameter


def typed(schema: dict[str, Any], value: Any, parameter: str, name: str) -> Any:
    """`value` (text or a CQL2 literal) as the property's type, or BadParameter naming `parameter`."""
    kind, fmt = schema.get("type"), schema.get("format")

    def refuse(what: Any) -> BadParameter:
        return BadParameter(
            parameter,
            _("%(name)s takes %(what)s, not %(value)s.") % {"name": name, "what": what, "value": str(value)[:40]},
        )

    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise refuse(_("true or false"))
    if kind in ("integer", "number"):
        if isinstance(value, bool):
            raise refuse(_("a number"))
        if kind == "integer" and isinstance(value, float) and not value.is_integer():
            raise refuse(_("a whole number"))
        try:
            number = float(value) if kind == "number" else int(value)
        except (TypeError, ValueError):
            raise refuse(_("a number")) from None
        return number
    if fmt == "date":
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise refuse(_("a date like 2024-05-20")) from None
    if not isinstance(value, str):
        raise refuse(_("text"))
    return value
