"""The land reports: contamination on a day (nationally and by region), land released, residual risk."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from minefree.gazetteer.home import home_country_code, local_today
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import HazardAreaState, LandReleaseActivity, Method, OrdnanceFind, ReleaseKind
from minefree.reporting import formats, land, pillars
from minefree.reporting.parameters import Kind, Parameter, period
from minefree.reporting.registry import Column, Records, ReportDefinition, register

AS_OF = Parameter("as_of", Kind.DATE, _("the day (default today)"), default=local_today)
COUNTRY = Parameter(
    "country", Kind.TEXT, _("ISO alpha-3 code (default: the NMAC's country)"), default=home_country_code
)
ADMIN_AREA = Parameter("admin_area", Kind.TEXT, _("admin-area code, e.g. TJ-KT (a region includes its districts)"))
OPERATOR = Parameter("operator", Kind.TEXT, _("operator acronym, e.g. NPA"))
METHOD = Parameter("method", Kind.TEXT, _("one land-release method"), choices=tuple(Method.values))
CLASSES = {"CHA": _("CHA"), "SHA": _("SHA"), "total": _("Total")}
TOTAL = {"total": _("Total")}


def contamination(records: Records, p: dict[str, Any]) -> dict[str, Any]:
    area, operator = land.resolve_scope(p["admin_area"], p["operator"])
    states = records(HazardAreaState)
    return land.contamination(states, p["as_of"], country=p["country"], admin_area=area, operator=operator)


def released(records: Records, p: dict[str, Any]) -> dict[str, Any]:
    area, operator = land.resolve_scope(p["admin_area"], p["operator"])
    return land.released(
        records(LandReleaseActivity),
        p["from"],
        p["to"],
        country=p["country"],
        admin_area=area,
        operator=operator,
        method=p["method"],
    )


def by_region(records: Records, p: dict[str, Any]) -> dict[str, Any]:
    """Every level-1 region of the country (those with nothing left too) and the national total."""
    states = records(HazardAreaState)
    found = land.contamination_by_region(states, p["as_of"], country=p["country"])
    regions: dict[str, Any] = {}
    for region in AdminArea.objects.filter(level=1, country__code=p["country"]).order_by("name"):
        f = found.get(region.pk, {})
        regions[region.code] = {
            "name": region.name,
            "CHA": {"areas": f.get("CHA", 0), "m2": f.get("CHA_m2", 0)},
            "SHA": {"areas": f.get("SHA", 0), "m2": f.get("SHA_m2", 0)},
            "total": {"areas": f.get("areas", 0), "m2": f.get("m2", 0)},
        }
    total = land.contamination(states, p["as_of"], country=p["country"])
    return {"as_of": total.pop("as_of"), "area_basis": total.pop("area_basis"), "regions": regions, "total": total}


def residual(records: Records, p: dict[str, Any]) -> dict[str, Any]:
    return pillars.residual_risk(records(OrdnanceFind), p["country"], p["from"], p["to"])


def _region_row(name: str, r: dict[str, Any]) -> list[Any]:
    return [name, r["CHA"]["areas"], r["CHA"]["m2"], r["SHA"]["areas"], r["SHA"]["m2"], r["total"]["m2"]]


register(
    ReportDefinition(
        slug="contamination",
        title=_("Contamination remaining"),
        description=_("Hazardous areas open, worked on or suspended on the day, by classification."),
        parameters=(AS_OF, COUNTRY, ADMIN_AREA, OPERATOR),
        compute=contamination,
        rows=formats.contamination_rows,
        columns=(
            Column("classification", _("Classification"), values=CLASSES),
            Column("areas", _("Areas")),
            Column("m2", _("Area"), "m²"),
        ),
        on_index=False,  # the regional table below carries the same national total
    )
)
register(
    ReportDefinition(
        slug="contamination-by-region",
        title=_("Contamination remaining by region"),
        description=_("Hazardous areas remaining on the day in each region, and the national total."),
        parameters=(AS_OF, COUNTRY),
        compute=by_region,
        rows=lambda data: [
            *[_region_row(r["name"], r) for r in data["regions"].values()],
            _region_row("total", data["total"]),
        ],
        columns=(
            Column("region", _("Region"), values=TOTAL),
            Column("CHA", _("CHA")),
            Column("CHA_m2", _("CHA"), "m²"),
            Column("SHA", _("SHA")),
            Column("SHA_m2", _("SHA"), "m²"),
            Column("m2", _("Total"), "m²"),
        ),
    )
)
register(
    ReportDefinition(
        slug="released",
        title=_("Land released"),
        description=_("Land cancelled, reduced and cleared, by year of the activity's end and kind."),
        parameters=(*period(_("first day counted"), _("last day counted")), COUNTRY, ADMIN_AREA, OPERATOR, METHOD),
        compute=released,
        rows=lambda data: [[year, kind, m2] for year, kinds in data["years"].items() for kind, m2 in kinds.items()],
        columns=(
            Column("year", _("Year")),
            Column("kind", _("Kind"), values=dict(ReleaseKind.choices)),
            Column("m2", _("Area"), "m²"),
        ),
        on_index=False,  # a row per year and kind since the first activity: too long for the index
    )
)
register(
    ReportDefinition(
        slug="residual",
        title=_("Residual risk"),
        description=_(
            "Spot tasks outside recorded areas and call-outs in land already handed over; "
            "work in other countries is shown apart."
        ),
        parameters=(*period(_("first day counted"), _("last day counted")), COUNTRY),
        compute=residual,
        rows=lambda data: [
            [code, r["spot_tasks"], r["call_outs_after_handover"], r["items"]] for code, r in data["countries"].items()
        ],
        columns=(
            Column("country", _("Country")),
            Column("spot_tasks", _("Spot tasks")),
            Column("call_outs_after_handover", _("Call-outs after handover")),
            Column("items", _("Items")),
        ),
    )
)
