"""What legacy rows name (organisations, districts, teams, hazardous areas, other records by
reference or IMSMA id), looked up once per file or per batch, never once per row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.db import models
from django.utils.translation import gettext as _

from minefree.fieldwork.legacy_rows import Problems
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards.models import HazardArea
from minefree.legacy import external_ids
from minefree.legacy.targets import Context, Row
from minefree.organisations.models import Organisation, Team


def _cached(context: Context, key: str, load: Callable[[], Any]) -> Any:
    if key not in context.cache:
        context.cache[key] = load()
    return context.cache[key]


def _by_names(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Lower-cased name -> object; a name two objects share maps to None (ambiguous)."""
    found: dict[str, Any] = {}
    for name, obj in pairs:
        key = name.strip().lower()
        if key:
            found[key] = None if key in found and found[key] != obj else obj
    return found


def organisations(context: Context) -> dict[str, Organisation | None]:
    """Every organisation by acronym and by name (a national centre has dozens), once per file."""
    return _cached(
        context,
        "legacy_rows.organisations",
        lambda: _by_names(pair for org in Organisation.objects.all() for pair in ((org.acronym, org), (org.name, org))),
    )


def districts(context: Context) -> dict[str, AdminArea | None]:
    """Every district by code and by name, once per file (boundaries are read only when needed)."""
    return _cached(
        context,
        "legacy_rows.districts",
        lambda: _by_names(
            pair
            for area in AdminArea.objects.filter(level=AdminArea.Level.DISTRICT)
            .select_related("country")
            .defer("boundary", "country__boundary")
            for pair in ((area.code, area), (area.name, area))
        ),
    )


def countries(context: Context) -> list[Country]:
    return _cached(context, "legacy_rows.countries", lambda: list(Country.objects.all()))


def country_of(context: Context, point: GEOSGeometry) -> Country | None:
    """The country holding a point, from the countries read once per file (a handful)."""
    return next((c for c in countries(context) if c.boundary.covers(point)), None)


def teams(context: Context) -> dict[tuple[int, str], Team]:
    return _cached(
        context,
        "legacy_rows.teams",
        lambda: {(t.organisation_id, t.name.strip().lower()): t for t in Team.objects.all()},
    )


def find_organisation(context: Context, row: Row, name: str | None, problems: Problems) -> Organisation | None:
    if not name:
        return None
    found = organisations(context).get(name.lower())
    if found is None:
        problems.append((row, "organisation", _("No organisation called %(name)s.") % {"name": name}))
    return found


def find_district(context: Context, row: Row, code: str | None, problems: Problems, field: str) -> AdminArea | None:
    if not code:
        return None
    key = code.lower()
    found = districts(context).get(key)
    if found is None:
        message = (
            _("Two districts are called %(name)s; give its code.")
            if key in districts(context)
            else _("No district with code %(code)s.")
        )
        problems.append((row, field, message % {"name": code, "code": code}))
    return found


def find_team(
    context: Context, row: Row, name: str | None, organisation: Organisation | None, problems: Problems
) -> Team | None:
    if not name or organisation is None:
        return None
    found = teams(context).get((organisation.pk, name.lower()))
    if found is None:
        problems.append((row, "team", _("%(org)s has no team called %(name)s.") % {"org": organisation, "name": name}))
    return found


def external_form(key: str) -> str:
    """A GUID as the pipeline keeps it (no braces, lower case: IMSMA writes both forms); other ids as given."""
    text = key.strip().strip("{}")
    return text.lower() if len(text) == 36 and text.count("-") == 4 else key.strip()


def records_named(model: type[models.Model], keys: Iterable[str], related: tuple[str, ...] = ()) -> dict[str, Any]:
    """Records of `model` by MineFree reference, IMSMA GUID or IMSMA local id, in two queries."""
    wanted = {k for k in keys if k}
    if not wanted:
        return {}
    query = model._default_manager.filter(reference__in=wanted).select_related(*related)
    found: dict[str, Any] = {getattr(r, "reference"): r for r in query}  # noqa: B009 - every named model has one
    rest = sorted(wanted - set(found))
    rows = [Row(n, {}, guid=external_form(k), local_id=k.strip()) for n, k in enumerate(rest, start=1)]
    by_row = external_ids.known(model, rows)
    if by_row:
        records = model._default_manager.select_related(*related).in_bulk(set(by_row.values()))
        for row, key in zip(rows, rest, strict=True):
            if row.number in by_row:
                found[key] = records[by_row[row.number]]
    return found


def hazards_named(context: Context, keys: Iterable[str]) -> dict[str, HazardArea]:
    """Hazardous areas by reference or IMSMA id, remembered for the file (later batches name them too)."""
    cache: dict[str, HazardArea] = context.cache.setdefault("legacy_rows.hazards", {})
    missing = {k for k in keys if k and k not in cache}
    if missing:
        cache.update(records_named(HazardArea, missing, ("country", "admin_area")))
    return cache


def duplicates(target: str, rows: Sequence[Row], context: Context) -> Problems:
    """Rows whose IMSMA GUID or local id an earlier row of the same file already had."""
    problems: Problems = []
    for row in rows:
        for kind, key in (("guid", row.guid), ("local_id", row.local_id)):
            first = context.first_seen(f"{target}:{kind}", key, row.number) if key else None
            if first is not None:
                problems.append(
                    (row, kind, _("Row %(first)s has the same IMSMA id %(id)s.") % {"first": first, "id": key})
                )
    return problems


def with_boundaries(areas: Iterable[AdminArea | None]) -> None:
    """Read the boundaries of the batch's districts in one query (the file's look-up left them out)."""
    missing = {a.pk: a for a in areas if a is not None and "boundary" in a.get_deferred_fields()}
    if missing:
        for pk, boundary in AdminArea.objects.filter(pk__in=missing).values_list("pk", "boundary"):
            missing[pk].boundary = boundary
