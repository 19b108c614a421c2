"""Sane bounds on what a user sends: free text length, JSON depth, no NUL characters.

PostgreSQL refuses NUL (\\0) in text and JSON, and Python's JSON reader recurses once per level,
so both are refused where the request comes in, naming where they were found.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

# Descriptions, notes, findings, comments: about 1,500 words, far more than any record needs.
MAX_TEXT = 10_000
# An Article 7 form's narrative may list many areas and projects.
MAX_NARRATIVE = 100_000
# A GeoJSON MultiPolygon is 6 levels deep inside a report; 32 leaves room and stops abuse.
MAX_JSON_DEPTH = 32


def json_problem(data: Any, where: str = "", max_text: int | None = None) -> str | None:
    """What is wrong with parsed JSON (too deep, a NUL, a string over `max_text`), naming the place; or None."""
    stack: list[tuple[Any, str, int]] = [(data, where, 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return _("%(where)s is nested more than %(n)s levels deep.") % {
                "where": path or "JSON",
                "n": MAX_JSON_DEPTH,
            }
        if isinstance(value, str):
            if "\x00" in value:
                return _("%(where)s holds a NUL character (\\0).") % {"where": path or "JSON"}
            if max_text is not None and len(value) > max_text:
                return _("%(where)s is longer than %(n)s characters.") % {"where": path or "JSON", "n": max_text}
        elif isinstance(value, dict):
            for key, item in value.items():
                name = f"{path}.{key}" if path else str(key)
                if "\x00" in str(key):
                    return _("%(where)s holds a NUL character (\\0).") % {"where": path or "JSON"}
                stack.append((item, name, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]", depth + 1) for index, item in enumerate(value))
    return None


# A 32-bit integer column holds every count MineFree keeps (deminers, quantities, days).
INT_RANGE = (-(2**31), 2**31 - 1)
POSITIVE = (
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
)


def field_problems(obj: Any, names: Any, prefix: str = "") -> dict[str, list[str]]:
    """Values set on a model instance that its columns cannot hold, per field: text over the column's
    length (or MAX_TEXT), integers outside the column's range, numbers that are not finite. For actions
    that take typed values without a Django form (the planner), before anything is saved."""
    import math

    from django.db import models

    errors: dict[str, list[str]] = {}
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name, None)
        problem = None
        if isinstance(value, str):
            longest = field.max_length if isinstance(field, models.CharField) and field.max_length else MAX_TEXT
            if len(value) > longest:
                problem = _("Ensure this value has at most %(n)s characters.") % {"n": longest}
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int) and isinstance(field, models.IntegerField):
            low = 0 if field.get_internal_type() in POSITIVE else INT_RANGE[0]
            if not low <= value <= INT_RANGE[1]:
                problem = _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": INT_RANGE[1]}
        elif isinstance(value, float) and (not math.isfinite(value) or abs(value) > 1e15):
            problem = _("Give a number of at most %(n)s.") % {"n": "10^15"}
        if problem:
            errors[f"{prefix}{name}"] = [problem]
    return errors
