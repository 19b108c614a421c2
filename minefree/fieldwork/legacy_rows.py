"""Rows a legacy import mapped, read by the questions the forms ask, with the messages a form shows.

What every legacy import target shares is in three short modules: this one reads values,
`legacy_lookups.py` finds what rows name once per batch, `legacy_writes.py` writes in bulk
(`BulkTarget`). A target (`hazards/legacy_release.py`, `casualties/legacy.py`, ...) adds its rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core.dates import day_problem, today
from minefree.core.geometry import as_multipolygon, check_polygon
from minefree.fieldwork.declare import Question
from minefree.legacy.targets import Row

Problems = list[tuple[Row, str, str]]
YES = {"1", "true", "yes", "y", "on", "да", "ҳа"}
NO = {"", "0", "false", "no", "n", "off", "нет", "не"}

# The fields an import needs that a report does not ask: a report knows its organisation and date.
ORGANISATION = Question(
    "organisation",
    "text",
    gettext_lazy("Organisation"),
    max_length=200,
    help=gettext_lazy("Its acronym or full name, as MineFree knows it."),
)


def named_record(name: str, label: Any, *, required: bool = False) -> Question:
    """A record an import row names (a hazardous area, an accident): by reference or IMSMA id."""
    help_text = gettext_lazy("Its MineFree reference, or its IMSMA GUID or local id.")
    return Question(name, "text", label, required=required, max_length=64, help=help_text)


def day_question(name: str, label: Any) -> Question:
    return Question(name, "day", label)


def read_rows(questions: Sequence[Question], rows: Sequence[Row]) -> tuple[dict[int, dict[str, Any]], Problems]:
    """Each row's values read by the questions (row number -> name -> clean value) and every problem
    with a value on its own: required, length, choice, range, date, geometry shape."""
    clean: dict[int, dict[str, Any]] = {}
    problems: Problems = []
    now = today()  # the home country's today, read once for the batch
    for row in rows:
        values: dict[str, Any] = {}
        for question in questions:
            value, messages = read_value(question, row.values.get(question.name), now)
            values[question.name] = value
            problems += [(row, question.name, message) for message in messages]
        clean[row.number] = values
    return clean, problems


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_value(q: Question, value: Any, now: dt.date | None = None) -> tuple[Any, list[str]]:
    """One value as the question reads it, and what is wrong with it (Reader's messages)."""
    if q.type == "flag":
        return _flag(value)
    if _empty(value):
        empty = "" if q.type in {"text", "long_text"} else q.default  # a blank text field is "", not NULL
        return empty, ([_("This field is required.")] if q.required else [])
    if q.type in {"text", "long_text", "district", "team"}:
        text = str(value).strip()
        if len(text) > q.max_length:
            return None, [_("At most %(n)s characters.") % {"n": q.max_length}]
        return text, []
    if q.type == "choice":
        codes = [code for code, _label in q.choices]
        if str(value) not in codes:
            return None, [_("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}]
        return str(value), []
    if q.type == "day":
        return _day(value, now)
    if q.type in {"count", "record"}:
        return _number(value, q.low, q.high)
    if q.type == "amount":
        return _amount(value, q.high)
    if q.type in {"polygon", "point", "line"}:
        return _geometry(value, q.type)
    return None, [_("This field cannot be imported.")]


def _flag(value: Any) -> tuple[bool | None, list[str]]:
    if value is None or isinstance(value, bool):
        return bool(value), []
    text = str(value).strip().lower()
    if text in YES or text in NO:
        return text in YES, []
    return None, [_("%(value)s is not yes or no.") % {"value": str(value)[:40]}]


def _day(value: Any, now: dt.date | None) -> tuple[dt.date | None, list[str]]:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            return None, [_("%(value)s is not a date like 2024-05-20.") % {"value": str(value)[:40]}]
    problem = day_problem(value, now)
    return (None, [problem]) if problem else (value, [])


def _number(value: Any, low: int, high: int) -> tuple[int | None, list[str]]:
    try:
        if isinstance(value, bool) or (isinstance(value, float | Decimal) and value != int(value)):
            raise ValueError
        number = int(value)
    except (TypeError, ValueError, OverflowError, InvalidOperation):
        return None, [_("%(value)s is not a whole number.") % {"value": str(value)[:40]}]
    if not low <= number <= high:
        return None, [_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]
    return number, []


def _amount(value: Any, high: int) -> tuple[Decimal | None, list[str]]:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal(0)
    if not amount.is_finite() or amount <= 0 or amount >= high:
        return None, [_("Give an amount above 0 and below %(high)s, e.g. 125000.") % {"high": high}]
    return amount, []


GEOMETRY_TYPES = {"polygon": ("Polygon", "MultiPolygon"), "point": ("Point",), "line": ("LineString",)}


def _geometry(value: Any, kind: str) -> tuple[GEOSGeometry | None, list[str]]:
    if not isinstance(value, GEOSGeometry):
        return None, [_("Not a readable geometry (GeoJSON or WKT): %(reason)s") % {"reason": str(value)[:40]}]
    if value.srid is None:
        value.srid = 4326
    elif value.srid != 4326:
        value = value.transform(4326, clone=True)
    wanted = GEOMETRY_TYPES[kind]
    if value.geom_type not in wanted:
        return None, [_("Expected a %(kind)s, got a %(got)s.") % {"kind": wanted[0], "got": value.geom_type}]
    if kind != "polygon":
        return value, []
    problems = check_polygon(value).errors
    return (None, problems) if problems else (as_multipolygon(value), [])
