"""The lists that can be exported: each names its model, its list page's filterset and its columns.

An export reads `Model.objects.restrict(user, Action.VIEW)` narrowed by the very FilterSet the list
page uses, so a file holds exactly the rows the user sees on the page (all pages of them).
Personal data never leaves: record types of the `personal` data class are not exportable, the
registry's `hidden` fields and links to user accounts are left out, and field reports go without
their content (a report's payload may carry names).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import django_filters
from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.db.models.functions import AsGeoJSON, AsWKB, AsWKT, Transform
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from minefree.core.errors import ActionError
from minefree.core.generic_views import filterset_for
from minefree.core.geometry import rfc7946_rings
from minefree.core.permissions import Action, DataClass
from minefree.core.registry import REGISTRY, RecordType
from minefree.fieldwork.declare import kind_choices
from minefree.fieldwork.filters import FieldReportFilter
from minefree.fieldwork.models import FieldReport
from minefree.hazards.api import LandReleaseViewSet
from minefree.hazards.filters import HazardAreaFilter
from minefree.hazards.models import Classification, Contamination, HazardArea, LandReleaseActivity, ReleaseKind, Status
from minefree.hazards.models import Method as ReleaseMethod

GEOJSON_PRECISION = 7  # decimal degrees: about 1 cm, below any survey's accuracy
CHUNK = 2000  # rows fetched per database round trip


class FilterError(ActionError):
    """A filter value the list's FilterSet refused; `errors` by field, as the form says them."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        super().__init__({field: [str(m) for m in messages] for field, messages in errors.items()})


@dataclass(frozen=True)
class Column:
    name: str  # the header in every format (GeoPackage and GeoJSON property name)
    path: str  # the ORM lookup read with values_list
    kind: str  # GeoPackage field type: TEXT, INTEGER, REAL, DATE, DATETIME or BOOLEAN
    convert: Callable[[Any], Any] | None = None  # e.g. JSON to text
    labels: Mapping[Any, Any] | None = None  # a domain code's label, translated once per export


@dataclass(frozen=True)
class Source:
    slug: str
    title: Any
    model: type[models.Model]
    filterset: type[django_filters.FilterSet]
    columns: tuple[Column, ...]
    ordering: tuple[str, ...]
    list_url: str
    geometry: str | None = None  # the geometry field, if the list has one
    geometry_type: str = "GEOMETRY"  # its GeoPackage geometry type name

    def queryset(self, user: Any, params: Mapping[str, Any]) -> QuerySet[Any]:
        visible = self.model.objects.restrict(user, Action.VIEW)  # type: ignore[attr-defined]
        filters = self.filterset(params, queryset=visible)
        if not filters.is_valid():
            raise FilterError(filters.errors)
        return filters.qs.order_by(*self.ordering)

    def rows(
        self, qs: QuerySet[Any], geometry: str | None = None, srid: int = 4326
    ) -> Iterator[tuple[Any, tuple[Any, ...]]]:
        """(geometry, values) per row, read with values_list in chunks; geometry as "geojson",
        "wkb" or "wkt" text made by the database in `srid`, or None when not asked for or absent."""
        paths = list(dict.fromkeys(c.path for c in self.columns))
        index = [paths.index(c.path) for c in self.columns]
        converters = [c.convert or (_label_of(c.labels) if c.labels else None) for c in self.columns]
        projected = srid != 4326  # metres: centimetres are enough

        def placed(name: str) -> Any:
            return Transform(name, srid) if projected else name

        functions: dict[str, Callable[[str], Any]] = {
            "geojson": lambda f: AsGeoJSON(
                rfc7946_rings(placed(f), self.geometry_type), precision=2 if projected else GEOJSON_PRECISION
            ),
            "wkb": lambda f: AsWKB(placed(f)),
            "wkt": lambda f: AsWKT(placed(f)),
        }
        if geometry and self.geometry:
            qs = qs.annotate(export_geometry=functions[geometry](self.geometry))
            paths.append("export_geometry")
        for row in qs.values_list(*paths).iterator(chunk_size=CHUNK):
            values = tuple(
                (convert(row[i]) if convert and row[i] is not None else row[i])
                for i, convert in zip(index, converters, strict=True)
            )
            shape = row[-1] if geometry and self.geometry else None
            yield (bytes(shape) if geometry == "wkb" and shape is not None else shape), values


def coded(name: str, path: str, choices: Sequence[tuple[Any, Any]]) -> tuple[Column, Column]:
    """A domain code and, beside it, its label in the exporting user's language."""
    return Column(name, path, "TEXT"), Column(f"{name}_label", path, "TEXT", labels=dict(choices))


def _label_of(labels: Mapping[Any, Any]) -> Callable[[Any], Any]:
    resolved = {code: str(label) for code, label in labels.items()}  # in the active language
    return lambda code: resolved.get(code, code)


# Every hand-written list starts with these and ends with its area, where it has one.
IDENTITY = (Column("id", "id", "INTEGER"), Column("reference", "reference", "TEXT"))
AREA_M2 = Column("area_m2", "area_m2", "REAL", lambda m2: round(m2, 1))


def _outlined(
    slug: str,
    title: Any,
    model: type[models.Model],
    filterset: type[django_filters.FilterSet],
    columns: tuple[Column, ...],
    ordering: tuple[str, ...],
    list_url: str,
) -> Source:
    """A hand-written list whose rows are outlined by a `geometry` multipolygon."""
    return Source(slug, title, model, filterset, IDENTITY + columns, ordering, list_url, "geometry", "MULTIPOLYGON")


def _hazard_source() -> Source:
    columns = (
        Column("name", "name", "TEXT"),
        *coded("classification", "classification", Classification.choices),
        *coded("contamination", "contamination", Contamination.choices),
        *coded("status", "status", Status.choices),
        Column("country", "country__code", "TEXT"),
        Column("region", "admin_area__parent__name", "TEXT"),
        Column("admin_area", "admin_area__code", "TEXT"),
        Column("admin_area_name", "admin_area__name", "TEXT"),
        Column("operator", "operator__acronym", "TEXT"),
        Column("mechanical_suitable", "mechanical_suitable", "BOOLEAN"),
        Column("recorded_on", "recorded_on", "DATE"),
        AREA_M2,
        Column("description", "description", "TEXT"),
    )
    return _outlined(
        "hazards", _("hazardous areas"), HazardArea, HazardAreaFilter, columns, ("reference",), reverse("hazards:list")
    )


def _land_release_source() -> Source:
    # The API list's own filterset, built by the filter backend from the viewset's filterset_fields.
    filterset = DjangoFilterBackend().get_filterset_class(LandReleaseViewSet(), LandReleaseActivity.objects.none())
    assert filterset is not None
    columns = (
        Column("hazard", "hazard__reference", "TEXT"),
        Column("admin_area", "hazard__admin_area__code", "TEXT"),
        Column("admin_area_name", "hazard__admin_area__name", "TEXT"),
        Column("organisation", "organisation__acronym", "TEXT"),
        Column("team", "team__name", "TEXT"),
        *coded("kind", "kind", ReleaseKind.choices),
        *coded("method", "method", ReleaseMethod.choices),
        Column("start_date", "start_date", "DATE"),
        Column("end_date", "end_date", "DATE"),
        Column("depth_cm", "depth_cm", "INTEGER"),
        AREA_M2,
    )
    title = _("land release activities")
    return _outlined("land-release", title, LandReleaseActivity, filterset, columns, ("pk",), "/api/v1/land-release/")


def _field_report_source() -> Source:
    columns = (
        *coded("kind", "kind", kind_choices()),
        *coded("state", "state", FieldReport.State.choices),
        Column("organisation", "organisation__acronym", "TEXT"),
        Column("date_of_information", "date_of_information", "DATE"),
        Column("hazard", "hazard__reference", "TEXT"),
        Column("submitted_at", "submitted_at", "DATETIME"),
        Column("decided_at", "decided_at", "DATETIME"),
    )
    title = _("field reports")
    return _outlined(
        "field-reports", title, FieldReport, FieldReportFilter, columns, ("-pk",), reverse("fieldwork:list")
    )


# How a related record is named in a file: its reference or code, not its database id.
NATURAL_KEYS = {
    "organisations.organisation": "acronym",
    "organisations.team": "name",
    "hazards.hazardarea": "reference",
    "hazards.landreleaseactivity": "reference",
    "gazetteer.country": "code",
    "gazetteer.adminarea": "code",
    "gazetteer.place": "name",
    "casualties.accident": "reference",
}
SKIPPED = {"version", "created_at", "updated_at"}


def _kind(field: models.Field[Any, Any]) -> str:
    if isinstance(field, models.BooleanField):
        return "BOOLEAN"
    if isinstance(field, models.DateTimeField):
        return "DATETIME"
    if isinstance(field, models.DateField):
        return "DATE"
    if isinstance(field, models.IntegerField | models.AutoField):
        return "INTEGER"
    if isinstance(field, models.FloatField | models.DecimalField):
        return "REAL"
    return "TEXT"


def _personal(model: Any) -> bool:
    return model._meta.label == settings.AUTH_USER_MODEL or getattr(model, "data_class", "") == DataClass.PERSONAL


def record_columns(record_type: RecordType) -> tuple[tuple[Column, ...], GeometryField | None]:
    """Every concrete field but the hidden ones, links to people, and the bookkeeping fields."""
    columns: list[Column] = []
    geometry = None
    for field in record_type.model._meta.concrete_fields:
        if field.name in SKIPPED or field.name in record_type.hidden:
            continue
        if isinstance(field, GeometryField):
            geometry = geometry or field
        elif field.is_relation:
            related = field.related_model
            if related is None or _personal(related):
                continue
            key = NATURAL_KEYS.get(related._meta.label_lower)
            columns.append(Column(field.name, f"{field.name}__{key}" if key else field.attname, "TEXT"))
            if related._meta.label_lower == "gazetteer.adminarea":
                columns.append(Column(f"{field.name}_name", f"{field.name}__name", "TEXT"))
        elif field.choices:
            columns.extend(coded(field.name, field.name, field.choices))
        elif isinstance(field, models.JSONField):
            columns.append(Column(field.name, field.name, "TEXT", lambda v: json.dumps(v, ensure_ascii=False)))
        else:
            columns.append(Column(field.name, field.name, _kind(field)))
    return tuple(columns), geometry


def _record_source(record_type: RecordType) -> Source:
    columns, geometry = record_columns(record_type)
    return Source(
        record_type.slug,
        record_type.title,
        record_type.model,
        filterset_for(record_type),
        columns,
        ("-pk",),
        reverse("records:list", args=[record_type.slug]),
        geometry.name if geometry else None,
        geometry.geom_type.upper() if geometry else "GEOMETRY",
    )


@functools.cache
def sources() -> dict[str, Source]:
    """Every exportable list by slug (the records' slugs are their /records/<slug>/ ones)."""
    found = [_hazard_source(), _land_release_source(), _field_report_source()]
    found += [_record_source(t) for t in REGISTRY.values() if not _personal(t.model)]
    by_slug = {s.slug: s for s in found}
    if len(by_slug) != len(found):
        raise ValueError("two exportable lists share a slug")
    return by_slug
