"""The land tables of a treaty report (areas, release, destruction), each one or two grouped SQL queries.

`country` is the reporting State (its ISO code); a year's figures run from 1 January to
31 December inclusive; "at year end" means the dated hazard states valid on 31 December.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.gis.db.models.functions import Centroid
from django.db.models import Count, FloatField, Func, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from minefree.gazetteer.models import AdminArea, Country, localized
from minefree.hazards.models import Classification, Contamination, OrdnanceFind, ReleaseKind, Status
from minefree.hazards.models import Method as ReleaseMethod
from minefree.reporting.treaty.content import Column, Table
from minefree.reporting.treaty.sources import Sources

DESTROYED = (OrdnanceFind.Disposal.IN_SITU, OrdnanceFind.Disposal.REMOVED)
KINDS = (ReleaseKind.CANCEL, ReleaseKind.REDUCE, ReleaseKind.CLEAR)


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def labels_of(choices: Any) -> dict[str, str]:
    return {str(code): str(label) for code, label in choices}


def country_pk(code: str | None) -> int:
    """The country's id, to filter by instead of a join on its code: PostgreSQL then estimates
    100,000 areas as 100,000 (not a few hundred) and joins a million finds by hash, not by probes.
    0, which no row holds, for a code that names no country."""
    return Country.objects.filter(code=code).values_list("pk", flat=True).first() or 0


def remaining_states(src: Sources, country: str | None, day: dt.date) -> Any:
    return src.states.as_of(day).remaining().filter(hazard__country_id=country_pk(country))  # type: ignore[attr-defined]


def _coordinate(function: str) -> Func:
    """ST_X or ST_Y (both engines have them) of the area's centroid: NULL for an area with no outline."""
    return Func(Centroid("geometry"), function=function, output_field=FloatField())


def place_names(country: str) -> dict[str, str]:
    """Each admin area's recorded name -> its name in the reader's language (reference data, a few rows)."""
    rows = AdminArea.objects.filter(country__code=country).values_list("name", "names")
    return {name: localized(name, names) for name, names in rows}


def hazard_list(src: Sources, country: str, day: dt.date, contamination: str, categories: tuple[str, ...]) -> Table:
    """Each hazardous area of one contamination type remaining on `day`, where it is and what was found."""
    states = remaining_states(src, country, day).filter(contamination=contamination)
    rows = (
        # The centroid's coordinates as numbers from the database: a GEOS object per area in Python
        # cost most of the report's time at national scale (100,000 areas a year).
        states.annotate(lon=_coordinate("ST_X"), lat=_coordinate("ST_Y"))
        .values_list(
            "hazard_id",
            "hazard__reference",
            "hazard__name",
            "hazard__admin_area__parent__name",
            "hazard__admin_area__name",
            "lon",
            "lat",
            "classification",
            "status",
            "area_m2",
            "hazard__recorded_on",
        )
        .order_by("hazard__admin_area__parent__name", "hazard__admin_area__name", "hazard__reference")
    )
    found: dict[int, dict[str, int]] = {}
    finds = (
        src.finds.filter(hazard_id__in=states.values("hazard_id"), category__in=categories, found_on__lte=day)
        .values_list("hazard_id", "ordnance_type")
        .annotate(n=Sum("quantity"))
        .order_by()
    )
    for hazard_id, kind, n in finds:
        found.setdefault(hazard_id, {})[kind] = int(n)
    out = []
    raw_m2 = 0.0
    named = place_names(country)
    for hazard_id, ref, name, parent, area, lon, lat, cls, status, m2, recorded in rows:
        parent, area = named.get(parent, parent), named.get(area, area)
        raw_m2 += m2
        types = found.get(hazard_id, {})
        out.append(
            [
                ref,
                name,
                parent or area,
                area if parent else "",
                round(lon, 5) if lon is not None else None,
                round(lat, 5) if lat is not None else None,
                cls,
                status,
                round(m2),
                recorded.isoformat(),
                "; ".join(f"{k} × {v}" for k, v in sorted(types.items())),
                sum(types.values()),
            ]
        )
    columns = [
        Column("reference", _("Reference")),
        Column("name", _("Location (name)")),
        Column("region", _("Region")),
        Column("district", _("District")),
        Column("longitude", _("Longitude (centroid)"), "coord"),
        Column("latitude", _("Latitude (centroid)"), "coord"),
        Column("classification", _("Classification"), labels=labels_of(Classification.choices)),
        Column("status", _("Status"), labels=labels_of(Status.choices)),
        Column("area_m2", _("Area (m²)"), "m2"),
        Column("recorded_on", _("Recorded on"), "date"),
        Column("types", _("Types found and destroyed to date")),
        Column("found", _("Quantity found and destroyed to date"), "int"),
    ]
    count = _("Total: %(n)s areas") % {"n": len(out)}
    total = [count, "", "", "", None, None, "", "", round(raw_m2), "", "", sum(r[11] for r in out)]
    return Table(
        f"areas_{contamination}",
        _("Areas remaining on %(day)s: %(type)s")
        % {"day": day.isoformat(), "type": Contamination(contamination).label},
        columns,
        out,
        total=total if out else None,
        note=_("The date of emplacement is not recorded; the date the area was first recorded is shown."),
    )


def remaining_by_type(src: Sources, country: str, day: dt.date) -> Table:
    """All hazardous areas remaining on `day`, by contamination type and classification."""
    rows = (
        remaining_states(src, country, day)
        .values_list("contamination", "classification")
        .annotate(areas=Count("id"), m2=Sum("area_m2"))
        .order_by("contamination", "classification")
    )
    out = [[c, cls, areas, round(m2)] for c, cls, areas, m2 in rows]
    raw = sum(m2 for _c, _cls, _a, m2 in rows)
    return Table(
        "remaining_by_type",
        _("All hazardous areas remaining on %(day)s, by contamination") % {"day": day.isoformat()},
        [
            Column("contamination", _("Contamination"), labels=labels_of(Contamination.choices)),
            Column("classification", _("Classification"), labels=labels_of(Classification.choices)),
            Column("areas", _("Areas"), "int"),
            Column("m2", _("Area (m²)"), "m2"),
        ],
        out,
        total=[_("Total"), "", sum(r[2] for r in out), round(raw)] if out else None,
    )


def released_by_region(src: Sources, country: str, year: int, contamination: str | None = None) -> Table:
    """Land cancelled, reduced and cleared in the year, by region (m²)."""
    start, end = year_span(year)
    qs = src.activities.filter(end_date__range=(start, end), hazard__country_id=country_pk(country))
    if contamination:
        qs = qs.filter(hazard__contamination=contamination)
    rows = (
        qs.annotate(region=Coalesce("hazard__admin_area__parent__name", "hazard__admin_area__name"))
        .values_list("region", "kind")
        .annotate(m2=Sum("area_m2"))
        .order_by("region")
    )
    regions: dict[str, dict[str, float]] = {}
    for region, kind, m2 in rows:
        regions.setdefault(region, {})[kind] = m2
    named = place_names(country)
    out = [
        [named.get(r, r), *(round(k.get(kind, 0)) for kind in KINDS), round(sum(k.values()))]
        for r, k in regions.items()
    ]
    totals = [sum(k.get(kind, 0) for k in regions.values()) for kind in KINDS]
    title = _("Land released in %(year)s, by region") % {"year": year}
    if contamination:
        title = _("Land released in %(year)s in areas of %(type)s, by region") % {
            "year": year,
            "type": Contamination(contamination).label,
        }
    return Table(
        f"released_{contamination or 'all'}",
        title,
        [
            Column("region", _("Region")),
            Column("cancel", _("Cancelled (m²)"), "m2"),
            Column("reduce", _("Reduced (m²)"), "m2"),
            Column("clear", _("Cleared (m²)"), "m2"),
            Column("total", _("Total released (m²)"), "m2"),
        ],
        out,
        total=[_("Total"), *(round(t) for t in totals), round(sum(totals))] if out else None,
    )


def release_by_method(src: Sources, country: str, year: int, contamination: str) -> Table:
    start, end = year_span(year)
    rows = (
        src.activities.filter(
            end_date__range=(start, end), hazard__country_id=country_pk(country), hazard__contamination=contamination
        )
        .values_list("kind", "method")
        .annotate(n=Count("id"), m2=Sum("area_m2"))
        .order_by("kind", "method")
    )
    out = [[kind, method, n, round(m2)] for kind, method, n, m2 in rows]
    return Table(
        f"method_{contamination}",
        _("Survey and clearance in %(year)s, by method") % {"year": year},
        [
            Column("kind", _("Land release"), labels=labels_of(ReleaseKind.choices)),
            Column("method", _("Method"), labels=labels_of(ReleaseMethod.choices)),
            Column("activities", _("Activities"), "int"),
            Column("m2", _("Area (m²)"), "m2"),
        ],
        out,
        total=[_("Total"), "", sum(r[2] for r in out), round(sum(m2 for *_x, m2 in rows))] if out else None,
    )


def programme_status(src: Sources, country: str, year: int, contamination: str) -> Table:
    """Areas of one contamination type at the start and end of the year, new and completed in it."""
    start, end = year_span(year)
    before = remaining_states(src, country, start - dt.timedelta(days=1)).filter(contamination=contamination)
    after = remaining_states(src, country, end).filter(contamination=contamination)
    first = before.aggregate(n=Count("id"), m2=Sum("area_m2"))
    last = after.aggregate(n=Count("id"), m2=Sum("area_m2"))
    new = after.exclude(hazard_id__in=before.values("hazard_id")).aggregate(n=Count("id"), m2=Sum("area_m2"))
    done = before.exclude(hazard_id__in=after.values("hazard_id")).aggregate(n=Count("id"), m2=Sum("area_m2"))
    out = [
        ["start", first["n"], round(first["m2"] or 0)],
        ["added", new["n"], round(new["m2"] or 0)],
        ["completed", done["n"], round(done["m2"] or 0)],
        ["end", last["n"], round(last["m2"] or 0)],
    ]
    labels = {
        "start": _("Remaining on 1 January (as of 31 December %(y)s)") % {"y": year - 1},
        "added": _("Newly recorded or reopened in the year, still remaining"),
        "completed": _("Released completely in the year"),
        "end": _("Remaining on 31 December"),
    }
    return Table(
        f"programme_{contamination}",
        _("Land release programme in %(year)s: %(type)s") % {"year": year, "type": Contamination(contamination).label},
        [
            Column("line", _("Figure"), labels=labels),
            Column("areas", _("Areas"), "int"),
            Column("m2", _("Area (m²)"), "m2"),
        ],
        out if first["n"] or last["n"] else [],
    )


def destroyed(src: Sources, country: str, year: int, categories: tuple[str, ...], key: str, title: str) -> Table:
    """Items of the given categories found and destroyed in the year, by type and disposal."""
    start, end = year_span(year)
    rows = (
        src.finds.filter(
            country_id=country_pk(country),
            category__in=categories,
            disposed_on__range=(start, end),
            disposal__in=DESTROYED,
        )
        .annotate(region=Coalesce("hazard__admin_area__parent__name", "hazard__admin_area__name"))
        .values_list("ordnance_type", "region", "disposal")
        .annotate(finds=Count("id"), n=Sum("quantity"))
        .order_by("ordnance_type", "region", "disposal")
    )
    named = place_names(country)
    out = [
        [t, named.get(region, region) if region else _("outside recorded areas (spot tasks)"), d, f, int(n)]
        for t, region, d, f, n in rows
    ]
    return Table(
        key,
        title,
        [
            Column("type", _("Type")),
            Column("region", _("Region")),
            Column("disposal", _("Disposal"), labels=labels_of(OrdnanceFind.Disposal.choices)),
            Column("finds", _("Finds"), "int"),
            Column("quantity", _("Quantity destroyed"), "int"),
        ],
        out,
        total=[_("Total"), "", "", sum(r[3] for r in out), sum(r[4] for r in out)] if out else None,
    )
