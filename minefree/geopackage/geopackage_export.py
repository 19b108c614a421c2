"""The GeoPackage a team takes to QGIS or QField: its hazardous areas and land release, at a version.

Every export is recorded (who, when, each row with its version and the values sent) so that the
import can tell what the team changed from what the server changed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.contrib.gis.db.models.functions import AsWKB
from django.contrib.gis.geos import GEOSGeometry
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.permissions import Action, Capability, DataClass, has, organisations_with
from minefree.exports.export import ROWS_BEFORE_JOB
from minefree.geopackage.geopackage import Layer, write_geopackage
from minefree.geopackage.models import ExportedFeature, GeoPackageExport
from minefree.hazards.as_of import states_on
from minefree.hazards.models import REMAINING, HazardArea, HazardAreaState, LandReleaseActivity
from minefree.organisations.models import Organisation
from minefree.styles.imas import field_forms, hazard_look, release_look
from minefree.styles.layer_styles import LayerStyle, layer_style
from minefree.styles.looks import single
from minefree.styles.qml import FieldForm

HAZARD_LAYER = "hazard_areas"
LAND_LAYER = "land_release"
EXPORT_TABLE = "minefree_export"
HAZARD_FIELDS = [
    ("minefree_id", "INTEGER"),
    ("minefree_version", "INTEGER"),
    ("reference", "TEXT"),
    ("name", "TEXT"),
    ("admin_area", "TEXT"),
    ("classification", "TEXT"),
    ("contamination", "TEXT"),
    ("status", "TEXT"),
    ("mechanical_suitable", "BOOLEAN"),
    ("description", "TEXT"),
    ("area_m2", "REAL"),
    ("surveyed_on", "DATE"),
]
# What a team may change in an area, compared with what it received.
HAZARD_EDITABLE = [
    "name",
    "admin_area",
    "classification",
    "contamination",
    "status",
    "mechanical_suitable",
    "description",
]
LAND_FIELDS = [
    ("minefree_id", "INTEGER"),
    ("minefree_version", "INTEGER"),
    ("reference", "TEXT"),
    ("hazard_reference", "TEXT"),
    ("kind", "TEXT"),
    ("method", "TEXT"),
    ("team", "TEXT"),
    ("start_date", "DATE"),
    ("end_date", "DATE"),
    ("depth_cm", "INTEGER"),
    ("area_m2", "REAL"),
]
LAND_COMPARED = ["hazard_reference", "kind", "method", "team", "start_date", "end_date", "depth_cm"]
BATCH = 2000
LARGE_EXPORT_ROWS = ROWS_BEFORE_JOB  # one threshold for every export that may become a job (docs/exports.md)
CONTENT_TYPE = "application/geopackage+sqlite3"
SIGNER_SALT = "minefree.geopackage.export"


def geometry_hash(wkb: bytes | memoryview | None) -> str:
    """A fingerprint of a geometry, the same whether it came from the database or from the file."""
    if wkb is None:
        return ""
    return hashlib.sha256(bytes(GEOSGeometry(memoryview(bytes(wkb))).wkb)).hexdigest()


def row_hash(values: Sequence[Any], geometry: str) -> str:
    return hashlib.sha256(repr([*(str(v) if v is not None else "" for v in values), geometry]).encode()).hexdigest()


def exporting_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user writes field reports for: only those may take data out to edit."""
    if not has(user, Capability.VIEW_RECORD, DataClass.RECORD):
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=organisations_with(user, Capability.WRITE_REPORTS, DataClass.REPORTS))


def hazards_in_scope(user: Any, organisation: Organisation) -> QuerySet[HazardArea]:
    """Remaining areas the user may see: the operator's own, or all of them for the NMAC."""
    hazards = HazardArea.objects.restrict(user, Action.VIEW).filter(status__in=REMAINING)
    if organisation.kind != Organisation.Kind.NMAC:
        hazards = hazards.filter(operator=organisation)
    return hazards


def activities_in_scope(user: Any, organisation: Organisation, hazards: QuerySet[HazardArea]) -> Any:
    activities = LandReleaseActivity.objects.restrict(user, Action.VIEW).filter(hazard__in=hazards.values("pk"))
    if organisation.kind != Organisation.Kind.NMAC:
        activities = activities.filter(organisation=organisation)
    return activities


class _Recorder:
    """Writes the ExportedFeature rows in batches while the rows stream into the file."""

    def __init__(self, export: GeoPackageExport, progress: Callable[[int], None] | None) -> None:
        self.export = export
        self.pending: list[ExportedFeature] = []
        self.counts = {HAZARD_LAYER: 0, LAND_LAYER: 0}
        self.progress = progress

    def add(self, layer: str, pk: int, version: int, values: dict[str, Any]) -> None:
        self.counts[layer] += 1
        values["fid"] = self.counts[layer]  # the writer numbers features 1, 2, ... in row order
        self.pending.append(
            ExportedFeature(export=self.export, layer=layer, object_id=pk, version=version, values=values)
        )
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        ExportedFeature.objects.bulk_create(self.pending)
        self.pending = []
        if self.progress is not None:
            self.progress(sum(self.counts.values()))

    def hazard_rows(self, hazards: QuerySet[Any], area: str = "") -> Iterator[tuple[bytes | None, list[Any]]]:
        """`hazards`: areas, or their states on a day (`area` "hazard__": the path from a state to its area)."""
        rows = (
            hazards.annotate(wkb=AsWKB("geometry"))
            .order_by(f"{area}reference")
            .values_list(
                "wkb",
                f"{area}pk",
                f"{area}version",
                f"{area}reference",
                f"{area}name",
                f"{area}admin_area__code",
                "classification",
                "contamination",
                "status",
                "mechanical_suitable",
                f"{area}description",
                "area_m2",
            )
        )
        for wkb, pk, version, *values in rows.iterator(chunk_size=BATCH):
            wkb = bytes(wkb) if wkb is not None else None
            editable = dict(zip(HAZARD_EDITABLE, values[1:8], strict=True))
            self.add(HAZARD_LAYER, pk, version, {**editable, "geometry": geometry_hash(wkb)})
            yield wkb, [pk, version, *values, None]

    def land_rows(self, activities: Any) -> Iterator[tuple[bytes | None, list[Any]]]:
        rows = (
            activities.annotate(wkb=AsWKB("geometry"))
            .order_by("hazard__reference", "end_date", "reference")
            .values_list(
                "wkb",
                "pk",
                "version",
                "reference",
                "hazard__reference",
                "kind",
                "method",
                "team__name",
                "start_date",
                "end_date",
                "depth_cm",
                "area_m2",
            )
        )
        for wkb, pk, version, reference, *values, area in rows.iterator(chunk_size=BATCH):
            wkb = bytes(wkb) if wkb is not None else None
            compared = [v.isoformat() if hasattr(v, "isoformat") else v for v in values]
            self.add(LAND_LAYER, pk, version, {"row": row_hash(compared, geometry_hash(wkb)), "reference": reference})
            yield wkb, [pk, version, reference, *values, area]


def hazard_style(description: str) -> LayerStyle:
    """The IMAS look, and QField's form: pick lists for the codes, what the team may not change locked."""
    locked = [name for name, _kind in HAZARD_FIELDS if name not in HAZARD_EDITABLE]
    forms = field_forms(HazardArea, [(name, name) for name, _kind in HAZARD_FIELDS], locked)
    return layer_style(HAZARD_LAYER, hazard_look(), "MULTIPOLYGON", forms, description)


def land_style(description: str) -> LayerStyle:
    locked = [name for name, _kind in LAND_FIELDS if name not in LAND_COMPARED]
    forms = field_forms(LandReleaseActivity, [(name, name) for name, _kind in LAND_FIELDS], locked)
    return layer_style(LAND_LAYER, release_look(), "MULTIPOLYGON", forms, description)


def export_key(export: GeoPackageExport) -> str:
    """The export id, signed, so an import can trust which export a file came from."""
    return signing.Signer(salt=SIGNER_SALT).sign(str(export.pk))


def row_count(user: Any, organisation: Organisation) -> int:
    """How many rows an export would write: above LARGE_EXPORT_ROWS it runs as a background job."""
    hazards = hazards_in_scope(user, organisation)
    return hazards.count() + activities_in_scope(user, organisation, hazards).count()


def file_name(organisation: Organisation, export: GeoPackageExport) -> str:
    dated = f"-as-of-{export.as_of.isoformat()}" if export.as_of else ""
    return f"minefree-{organisation.acronym.replace('/', '-')}-{export}{dated}.gpkg"


def assert_may_export(user: Any, organisation: Organisation) -> None:
    if not exporting_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You do not write field reports for %(org)s.") % {"org": organisation})


def states_in_scope(user: Any, organisation: Organisation, day: dt.date) -> QuerySet[HazardAreaState]:
    """The areas remaining on `day` as they stood then, of those the user may see (as `hazards_in_scope`)."""
    hazards = HazardArea.objects.restrict(user, Action.VIEW)
    if organisation.kind != Organisation.Kind.NMAC:
        hazards = hazards.filter(operator=organisation)
    return states_on(day, hazards).filter(status__in=REMAINING)


@transaction.atomic
def export_geopackage(
    user: Any,
    organisation: Organisation,
    path: Path,
    progress: Callable[[int], None] | None = None,
    as_of: dt.date | None = None,
) -> GeoPackageExport:
    """Write the organisation's areas and activities to `path` and record what went out.

    `progress` hears the number of rows written so far, every few thousand (for a background job).
    `as_of`: the areas as they stood on that day (their state then) and the activities ended by then;
    such a file shows the past and is not imported back.
    """
    assert_may_export(user, organisation)
    export = GeoPackageExport.objects.create(organisation=organisation, exported_by=user, as_of=as_of)
    recorder = _Recorder(export, progress)
    hazards = hazards_in_scope(user, organisation)
    if as_of is None:
        hazard_rows = recorder.hazard_rows(hazards)
        activities = activities_in_scope(user, organisation, hazards)
        described = _("Remaining hazardous areas; draw new ones here too")
    else:
        states = states_in_scope(user, organisation, as_of)
        hazard_rows = recorder.hazard_rows(states, area="hazard__")
        areas = HazardArea.objects.filter(pk__in=states.values("hazard_id"))
        activities = activities_in_scope(user, organisation, areas).filter(end_date__lte=as_of)
        described = _("Hazardous areas remaining on %(day)s, as they stood then") % {"day": as_of.isoformat()}
    land = _("Land release activities; draw new released polygons here")
    layers = [
        Layer(
            HAZARD_LAYER,
            "MULTIPOLYGON",
            HAZARD_FIELDS,
            hazard_rows,
            description=described,
            style=hazard_style(described),
        ),
        Layer(
            LAND_LAYER,
            "MULTIPOLYGON",
            LAND_FIELDS,
            recorder.land_rows(activities),
            description=land,
            style=land_style(land),
        ),
    ]
    metadata = {
        "minefree_export": str(export.pk),
        "minefree_export_key": export_key(export),
        "organisation": organisation.acronym,
        "exported_by": user.get_username(),
        "exported_at": export.exported_at.isoformat(),
    }
    if as_of is not None:
        metadata["as_of"] = as_of.isoformat()
    # Also as a small table: "Save as" in QGIS and ogr2ogr copy tables but drop gpkg_metadata.
    rows = [(None, [key, value]) for key, value in metadata.items()]
    description = _("MineFree export: keep this table so the edited file can be uploaded")
    # Locked in QGIS and QField: the import needs it as written.
    locked = [FieldForm("key", "key", editable=False), FieldForm("value", "value", editable=False)]
    keep = layer_style(EXPORT_TABLE, single(description, "#667085", fill=False), "GEOMETRY", locked, description)
    fields = [("key", "TEXT"), ("value", "TEXT")]
    layers.append(Layer(EXPORT_TABLE, "GEOMETRY", fields, rows, description=description, style=keep))
    write_geopackage(path, layers, metadata)
    recorder.flush()
    export.hazard_count = recorder.counts[HAZARD_LAYER]
    export.activity_count = recorder.counts[LAND_LAYER]
    export.save(update_fields=["hazard_count", "activity_count"])
    audit.record(
        user,
        "export_geopackage",
        export,
        None,
        {
            "organisation": organisation.acronym,
            "hazards": export.hazard_count,
            "activities": export.activity_count,
            **({"as_of": as_of.isoformat()} if as_of else {}),
        },
    )
    return export
