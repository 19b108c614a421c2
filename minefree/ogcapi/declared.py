"""The collections of OGC API - Features, declared once; lists of registered record types take their
columns from `core/registry.py` (`columns()`), so a column added there reaches QGIS too."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.db.models import GeometryField, PointField
from django.contrib.gis.db.models.functions import PointOnSurface
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minefree.casualties.models import Accident
from minefree.dashboards.public import PUBLISHED_PROPERTIES, published_hazards
from minefree.education.models import EoreSession
from minefree.gazetteer.models import AdminArea
from minefree.hazards.as_of import check_as_of, states_on
from minefree.hazards.filters import HazardAreaFilter
from minefree.hazards.models import HazardArea, LandReleaseActivity, OrdnanceFind
from minefree.ogcapi.errors import BadParameter
from minefree.ogcapi.properties import Prop, columns, whole
from minefree.ogcapi.registry import Collection, Dated, declare
from minefree.quality.models import NonConformity

# What a hazardous area's state on a day holds itself; the rest is the area's (`Dated.prefix`).
STATE_OWN = ("classification", "contamination", "status", "area_m2", "mechanical_suitable")


def page(name: str, *, list_name: str | None = None, slug: str | None = None) -> Any:
    """The HTML page of one row (`name`, taking its id) or of the list: the `alternate` links."""

    def url(pk: int | None) -> str:
        if slug is not None:
            return reverse(name, args=[slug, pk]) if pk is not None else reverse("records:list", args=[slug])
        return reverse(name, args=[pk]) if pk is not None else reverse(list_name or name)

    return url


def map_filters(query: Any, rows: QuerySet[Any]) -> QuerySet[Any]:
    """The hazard map's filters (hazards/filters.py), so its tiles draw what its list shows."""
    filters = HazardAreaFilter(query, queryset=rows)
    if not filters.form.is_valid():
        name, errors = next(iter(filters.form.errors.items()))
        raise BadParameter(name, " ".join(str(e) for e in errors))
    return filters.qs


declare(
    Collection(
        "hazardous-areas",
        _("Hazardous areas"),
        _(
            "Suspected and confirmed hazardous areas (IMAS 07.11) with what remains of each polygon; "
            "datetime=YYYY-MM-DD gives each area as it stood on that day."
        ),
        HazardArea,
        "geometry",
        "MultiPolygon",
        (
            Prop("reference", "reference"),
            Prop("name", "name"),
            Prop("classification", "classification"),
            Prop("contamination", "contamination"),
            Prop("status", "status"),
            Prop("area_m2", "area_m2", convert=whole),
            Prop("mechanical_suitable", "mechanical_suitable"),
            Prop("admin_area", "admin_area__code"),
            Prop("operator", "operator__acronym"),
            Prop("recorded_on", "recorded_on"),
        ),
        dates=("recorded_on", "recorded_on"),
        public=published_hazards,
        public_properties=PUBLISHED_PROPERTIES,
        dated=Dated(on=states_on, check=check_as_of, own=STATE_OWN, prefix="hazard__", key="hazard_id"),
        html=page("hazards:detail", list_name="hazards:list"),
        point="location",
        tile_filters=(tuple(HazardAreaFilter.base_filters), map_filters),
    )
)

declare(
    Collection(
        "land-release",
        _("Land release"),
        _("Non-technical survey (cancelled), technical survey (reduced) and clearance, each with its polygon."),
        LandReleaseActivity,
        "geometry",
        "MultiPolygon",
        (
            Prop("reference", "reference"),
            Prop("hazard", "hazard__reference"),
            Prop("organisation", "organisation__acronym"),
            Prop("team", "team__name"),
            Prop("kind", "kind"),
            Prop("method", "method"),
            Prop("area_m2", "area_m2", convert=whole),
            Prop("start_date", "start_date"),
            Prop("end_date", "end_date"),
            Prop("depth_cm", "depth_cm"),
        ),
        dates=("start_date", "end_date"),
    )
)


def ordnance_rows(rows: QuerySet[Any]) -> QuerySet[Any]:
    # A find without its own point lies where its activity or area does.
    point = Coalesce(
        "location",
        PointOnSurface("activity__geometry"),
        PointOnSurface("hazard__geometry"),
        output_field=PointField(srid=4326),
    )
    spot = ExpressionWrapper(Q(hazard__isnull=True), output_field=BooleanField())
    return rows.annotate(ogc_geometry=point, spot_task=spot)


ORDNANCE = (
    *columns("ordnance"),
    Prop("disposed_on", "disposed_on"),
    Prop("activity", "activity__reference"),
    Prop("spot_task", "spot_task", {"type": "boolean", "title": str(_("spot task"))}, convert=bool),
)

declare(
    Collection(
        "ordnance",
        _("Explosive ordnance found"),
        _("Ordnance found and destroyed, by category and type; spot tasks are the finds outside any hazardous area."),
        OrdnanceFind,
        "ogc_geometry",
        "Point",
        ORDNANCE,
        dates=("found_on", "found_on"),
        rows=ordnance_rows,
        html=page("records:detail", slug="ordnance"),
    )
)

declare(
    Collection(
        "spot-tasks",
        _("Spot tasks"),
        _("Ordnance found and destroyed outside any recorded hazardous area (call-outs)."),
        OrdnanceFind,
        "ogc_geometry",
        "Point",
        ORDNANCE,
        dates=("found_on", "found_on"),
        rows=lambda rows: ordnance_rows(rows.filter(hazard__isnull=True)),
        html=page("records:detail", slug="ordnance"),
    )
)


def counted(name: str) -> Prop:
    return Prop(name, name, {"type": "integer", "title": name.replace("_", " ")})


CASUALTY_COUNTS = {
    "killed": Q(casualties__outcome="killed"),
    "injured": Q(casualties__outcome="injured"),
    "girls": Q(casualties__group="girl"),
    "boys": Q(casualties__group="boy"),
    "women": Q(casualties__group="woman"),
    "men": Q(casualties__group="man"),
    "deminers": Q(casualties__deminer=True),
}


def accident_rows(rows: QuerySet[Any]) -> QuerySet[Any]:
    # Counts only: casualties are people, and no name, age or injury leaves through this service.
    return rows.annotate(**{name: Count("casualties", filter=where) for name, where in CASUALTY_COUNTS.items()})


declare(
    Collection(
        "accidents",
        _("Accidents"),
        _("Mine and ordnance accidents (IMAS 10.60) as points, with casualty counts by outcome, sex and age."),
        Accident,
        "location",
        "Point",
        (*columns("accidents"), *(counted(name) for name in CASUALTY_COUNTS)),
        dates=("date", "date"),
        rows=accident_rows,
        html=page("records:detail", slug="accidents"),
    )
)

declare(
    Collection(
        "eore-sessions",
        _("Risk education sessions"),
        _("Explosive ordnance risk education sessions (IMAS 12.10) with beneficiaries by sex and age."),
        EoreSession,
        "location",
        "Point",
        (
            *columns("eore-sessions"),
            *(Prop(name, name) for name in ("method", "girls", "boys", "women", "men")),
        ),
        dates=("date", "date"),
        html=page("records:detail", slug="eore-sessions"),
    )
)


def finding_rows(rows: QuerySet[Any]) -> QuerySet[Any]:
    # A non-conformity is placed on the area visited or the activity inspected.
    where = Coalesce(
        "visit__hazard__geometry",
        "visit__hazard__location",
        "inspection__activity__geometry",
        output_field=GeometryField(srid=4326),
    )
    return rows.annotate(ogc_geometry=PointOnSurface(where))


declare(
    Collection(
        "quality-findings",
        _("Quality findings"),
        _("Non-conformities raised by monitoring visits and post-clearance inspections (IMAS 07.12)."),
        NonConformity,
        "ogc_geometry",
        "Point",
        (
            *columns("non-conformities"),
            Prop("hazard", "visit__hazard__reference"),
            Prop("activity", "inspection__activity__reference"),
        ),
        dates=("raised_on", "raised_on"),
        rows=finding_rows,
        html=page("records:detail", slug="non-conformities"),
    )
)

declare(
    Collection(
        "admin-areas",
        _("Administrative areas"),
        _("Regions (level 1) and districts (level 2); without a login, the regions only."),
        AdminArea,
        "boundary",
        "MultiPolygon",
        (
            Prop("code", "code"),
            Prop("name", "name"),
            Prop("level", "level"),
            Prop("parent", "parent__code"),
            Prop("country", "country__code"),
        ),
        # Reference geography, as the public dashboard's regions: outlines only, no mine action data.
        public=lambda: AdminArea.objects.filter(level=1),
        public_properties=("code", "name", "level", "parent", "country"),
    )
)
