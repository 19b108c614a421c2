"""Reading an edited GeoPackage against its export: the reports it asks for, or every problem in it.

Each layer is compared feature by feature with what the export sent (`ExportedFeature`): an empty
`minefree_id` is a new feature, a missing exported id a deleted one, a differing value or geometry
hash a change. Geometry passes the GICHD geocheck rules and each report the submission check, so
problems are found before anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.utils.translation import gettext as _

from minefree.core.dates import today
from minefree.core.errors import ActionError
from minefree.core.geometry import as_multipolygon, check_polygon, geojson_of
from minefree.core.permissions import Action
from minefree.fieldwork.bulk import Checked, check_draft
from minefree.gazetteer.models import AdminArea, Country
from minefree.geopackage import geopackage
from minefree.geopackage.geopackage_export import (
    HAZARD_EDITABLE,
    HAZARD_LAYER,
    LAND_COMPARED,
    LAND_LAYER,
    geometry_hash,
    row_hash,
)
from minefree.geopackage.models import ExportedFeature, GeoPackageExport, ImportedChange
from minefree.hazards.checks import Districts
from minefree.hazards.models import HazardArea, Method, ReleaseKind

Change = ImportedChange.Change
TRUE = {"1", "true", "yes", "on"}
# A deleted area with at least this share of it inside another feature's changed polygon was
# merged into it (QGIS "merge features"), not cancelled.
MERGED_SHARE = 0.5
# What reading a damaged geometry blob raises, from the header, OGR or GEOS.
UNREADABLE = (geopackage.GeoPackageError, GDALException, GEOSException, ValueError)
# Features read and checked together: the districts and areas they name are read once per chunk.
CHUNK = 500


@dataclass(frozen=True)
class Problem:
    layer: str
    fid: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.layer} " + (_("feature %(fid)s") % {"fid": self.fid} if self.fid is not None else "")
        return f"{where.strip()}, {self.field}: {self.message}" if self.field else f"{where.strip()}: {self.message}"


class ImportRefused(ActionError):
    """The file cannot be imported; `problems` names each one. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(f"{problem.layer}/{problem.fid or ''}/{problem.field}", []).append(problem.message)
        super().__init__(errors)


@dataclass
class Planned:
    """One report the import will write."""

    layer: str
    fid: int
    change: str
    kind: str
    hazard: HazardArea | None
    day: dt.date
    payload: dict[str, Any]
    client_id: str
    checked: Checked
    exported_version: int | None = None
    changed_fields: list[str] = field(default_factory=list)


class FilePlan:
    """Reads the file against its export and collects the reports to write, or the problems."""

    def __init__(self, user: Any, connection: sqlite3.Connection, export: GeoPackageExport) -> None:
        self.user = user
        self.connection = connection
        self.export = export
        self.problems: list[Problem] = []
        self.planned: list[Planned] = []
        self.unchanged = 0
        self.today = today()  # the home country's, fixed for the whole file by the caller
        self.exported = {(f.layer, f.object_id): f for f in ExportedFeature.objects.filter(export=export)}
        ids = [pk for layer, pk in self.exported if layer == HAZARD_LAYER]
        visible = HazardArea.objects.restrict(user, Action.VIEW).filter(pk__in=ids)
        self.hazards = _with_countries({h.pk: h for h in visible.select_related("admin_area").order_by("pk")})
        # Changed polygons by feature id, to tell a QGIS "merge features" from a deletion.
        self.reshaped: dict[int, tuple[HazardArea, GEOSGeometry]] = {}
        # The chunk being checked: its geometries read ahead, the districts and areas they name.
        self.decoded: dict[tuple[str, int], GEOSGeometry] = {}
        self.districts: Districts | None = None
        self.named: dict[str, HazardArea] = {}

    def read_ahead(self, layer: str, chunk: list[geopackage.Feature], code_field: str) -> None:
        """Read the chunk's polygons, then the districts (and for releases the areas) they name, in one query each."""
        self.decoded = {}
        for feature in chunk:
            try:
                geom = geopackage.read_geometry(feature.geometry_blob)
            except UNREADABLE:
                continue  # named when the feature itself is checked
            if geom is not None:
                if geom.srid != 4326:
                    geom.transform(4326)
                self.decoded[(layer, feature.fid)] = geom
        names = {self.text(feature.values.get(code_field)) for feature in chunk}
        if layer == HAZARD_LAYER:
            self.districts = Districts(self.decoded.values(), names)
            return
        self.districts = Districts(self.decoded.values())
        visible = HazardArea.objects.restrict(self.user, Action.VIEW).select_related("admin_area")
        self.named = {
            h.reference: h for h in _with_countries({h.pk: h for h in visible.filter(reference__in=names)}).values()
        }

    def fail(self, layer: str, fid: int | None, name: str, message: str) -> None:
        self.problems.append(Problem(layer, fid, name, message))

    def client_id(self, layer: str, fid: int, content: Any) -> str:
        digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:24]
        return f"gpkg-{self.export.pk}-{layer}-{fid}-{digest}"

    # -- reading values ---------------------------------------------------------------------

    def geometry(self, layer: str, feature: geopackage.Feature) -> GEOSGeometry | None:
        """The feature's polygon after the GICHD geocheck rules; problems are recorded, None returned."""
        if (layer, feature.fid) in self.decoded:
            return self.decoded[(layer, feature.fid)]
        try:
            geom = geopackage.read_geometry(feature.geometry_blob)
        except UNREADABLE as error:
            self.fail(layer, feature.fid, "geom", _("Not a readable geometry: %(error)s") % {"error": error})
            return None
        if geom is None:
            self.fail(layer, feature.fid, "geom", _("The feature has no polygon."))
            return None
        if geom.srid != 4326:
            geom.transform(4326)
        return geom

    def checked(self, layer: str, fid: int, geom: GEOSGeometry, area: AdminArea | None) -> bool:
        country = area.country if area is not None else None
        result = check_polygon(
            geom, country=country.boundary if country else None, country_name=country.name if country else ""
        )
        for message in result.errors:
            self.fail(layer, fid, "geom", message)
        return not result.errors

    def day(self, layer: str, fid: int, name: str, value: Any, default: dt.date | None) -> dt.date | None:
        if value in (None, ""):
            if default is None:
                self.fail(layer, fid, name, _("This field is required."))
            return default
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            self.fail(layer, fid, name, _("%(value)s is not a date like 2024-05-20.") % {"value": value})
            return None
        if day > self.today:
            self.fail(layer, fid, name, _("%(day)s is in the future.") % {"day": day})
            return None
        return day

    @staticmethod
    def text(value: Any) -> str:
        return str(value).strip() if value is not None else ""

    def district(self, layer: str, fid: int, code: str, geom: GEOSGeometry) -> AdminArea | None:
        """The district named, or the one holding the polygon when the team left it empty."""
        districts = self.districts or Districts([geom], [code])
        if code:
            area = districts.code(code)
            if area is None:
                self.fail(layer, fid, "admin_area", _("No district with code %(code)s.") % {"code": code})
            return area
        shares = districts.shares(geom)  # the rule every path uses: the district holding most of it
        found = shares[0][0] if shares else None
        if found is None:
            self.fail(layer, fid, "admin_area", _("No district holds this polygon; give the district code."))
        return found

    # -- the layers -------------------------------------------------------------------------

    def hazard_layer(self) -> None:
        seen: set[int] = set()
        for feature in self.chunked(HAZARD_LAYER, "admin_area"):
            raw = feature.values.get("minefree_id")
            if raw in (None, ""):
                self.new_hazard(feature)
                continue
            try:
                pk = int(raw)
            except (TypeError, ValueError):
                self.fail(
                    HAZARD_LAYER, feature.fid, "minefree_id", _("%(value)s is not a whole number.") % {"value": raw}
                )
                continue
            exported = self.exported.get((HAZARD_LAYER, pk))
            if exported is None or pk in seen:
                message = (
                    _("Two features carry the same id (a copied feature?); clear minefree_id on the new one.")
                    if pk in seen
                    else _("Area %(id)s was not in this export; clear minefree_id to add a new area.") % {"id": pk}
                )
                self.fail(HAZARD_LAYER, feature.fid, "minefree_id", message)
                continue
            seen.add(pk)
            self.changed_hazard(feature, exported)
        for (layer, pk), exported in self.exported.items():
            if layer == HAZARD_LAYER and pk not in seen:
                self.deleted_hazard(pk, exported)

    def chunked(self, layer: str, code_field: str) -> Iterator[geopackage.Feature]:
        """The layer's features, read CHUNK at a time, each chunk's districts and areas read ahead."""
        chunk: list[geopackage.Feature] = []
        for feature in geopackage.read_features(self.connection, layer):
            chunk.append(feature)
            if len(chunk) == CHUNK:
                self.read_ahead(layer, chunk, code_field)
                yield from chunk
                chunk = []
        self.read_ahead(layer, chunk, code_field)
        yield from chunk

    def _hazard_values(self, feature: geopackage.Feature) -> dict[str, Any]:
        values: dict[str, Any] = {name: self.text(feature.values.get(name)) for name in HAZARD_EDITABLE}
        values["mechanical_suitable"] = self.text(feature.values.get("mechanical_suitable")).lower() in TRUE
        return values

    def new_hazard(self, feature: geopackage.Feature) -> None:
        fid = feature.fid
        geom = self.geometry(HAZARD_LAYER, feature)
        values = self._hazard_values(feature)
        day = self.day(HAZARD_LAYER, fid, "surveyed_on", feature.values.get("surveyed_on"), self.today)
        if geom is None or day is None:
            return
        area = self.district(HAZARD_LAYER, fid, values["admin_area"], geom)
        if area is None:  # the polygon's GICHD and country checks run once, in the report's check (`plan`)
            return
        payload = {
            name: values[name] for name in ("name", "classification", "contamination", "description") if values[name]
        }
        payload.update(
            admin_area=area.code,
            mechanical_suitable=values["mechanical_suitable"],
            geometry=geojson_of(as_multipolygon(geom)),
        )
        self.plan(HAZARD_LAYER, fid, Change.ADDED, "hazard", None, day, payload, polygon=geom)

    def changed_hazard(self, feature: geopackage.Feature, exported: ExportedFeature) -> None:
        fid, sent = feature.fid, exported.values
        values = self._hazard_values(feature)
        changed = [name for name in HAZARD_EDITABLE if values[name] != _normal(name, sent.get(name))]
        try:
            wkb, _srid = geopackage.decode_geometry(feature.geometry_blob)
            geometry_changed = geometry_hash(wkb) != sent.get("geometry")
        except UNREADABLE:
            geometry_changed = True
        if not changed and not geometry_changed:
            self.unchanged += 1
            return
        hazard = self.hazards.get(exported.object_id)
        if hazard is None:
            self.fail(HAZARD_LAYER, fid, "minefree_id", _("You may no longer see this area."))
            return
        if "admin_area" in changed:
            self.fail(
                HAZARD_LAYER, fid, "admin_area", _("The district of a recorded area is not changed from the field.")
            )
            return
        day = self.day(HAZARD_LAYER, fid, "surveyed_on", feature.values.get("surveyed_on"), self.today)
        payload: dict[str, Any] = {name: values[name] for name in changed}
        geom: GEOSGeometry | None = None
        if geometry_changed:
            geom = self.geometry(HAZARD_LAYER, feature)
            if geom is not None:
                self.reshaped[fid] = (hazard, geom)
            if geom is None:  # checked against the area's district and country in the report's check (`plan`)
                return
            payload["geometry"] = geojson_of(as_multipolygon(geom))
            changed.append("geometry")
        if day is None:
            return
        # The version the team edited: the report page shows it beside the area's version now.
        payload["version"] = exported.version
        payload["geopackage"] = f"{self.export} {HAZARD_LAYER} {fid}"
        self.plan(HAZARD_LAYER, fid, Change.CHANGED, "hazard", hazard, day, payload, exported, changed, polygon=geom)

    def deleted_hazard(self, pk: int, exported: ExportedFeature) -> None:
        """A deleted area: the team says there is no hazard, i.e. cancelled by non-technical survey."""
        fid = int(exported.values.get("fid") or 0)
        hazard = self.hazards.get(pk)
        if hazard is None:
            self.fail(
                HAZARD_LAYER,
                fid,
                "minefree_id",
                _("Area %(id)s was deleted but you may no longer see it.") % {"id": pk},
            )
            return
        if hazard.geometry is None:  # released in full on the server since: nothing is left to cancel
            self.unchanged += 1
            return
        merged_into = self.merged_into(hazard)
        if merged_into is not None:
            into_fid, into = merged_into
            self.fail(
                HAZARD_LAYER,
                fid,
                "minefree_id",
                _(
                    "Area %(ref)s (feature %(fid)s) was deleted and its land now lies in area %(into)s "
                    "(feature %(into_fid)s): that is a merge of two areas, not a cancellation. Undo the "
                    "merge and send each area as it is, or report the change as a new survey."
                )
                % {"ref": hazard.reference, "fid": fid, "into": into.reference, "into_fid": into_fid},
            )
            return
        payload = {
            "kind": ReleaseKind.CANCEL,
            "method": Method.SURVEY,
            "geometry": geojson_of(hazard.geometry),
            "start_date": self.export.exported_at.date().isoformat(),
            "version": exported.version,
            "geopackage": f"{self.export} {HAZARD_LAYER} {fid}: " + _("deleted by the field team"),
        }
        identity = {"deleted": pk}
        self.plan(
            HAZARD_LAYER,
            fid,
            Change.DELETED,
            "progress",
            hazard,
            self.today,
            payload,
            exported,
            ["geometry"],
            identity,
        )

    def merged_into(self, hazard: HazardArea) -> tuple[int, HazardArea] | None:
        """The changed feature whose new polygon now holds most of the deleted area, if any."""
        assert hazard.geometry is not None
        whole = hazard.geometry.area or 1.0
        for fid, (other, geom) in self.reshaped.items():
            try:
                shared = geom.intersection(hazard.geometry).area if geom.intersects(hazard.geometry) else 0.0
            except GEOSException:  # an invalid drawing: its own feature is refused for it
                continue
            if shared >= MERGED_SHARE * whole:
                return fid, other
        return None

    def land_layer(self) -> None:
        seen: set[int] = set()
        for feature in self.chunked(LAND_LAYER, "hazard_reference"):
            raw = feature.values.get("minefree_id")
            if raw in (None, ""):
                self.new_release(feature)
                continue
            exported = self.exported.get((LAND_LAYER, int(raw))) if str(raw).isdigit() else None
            if exported is None or exported.object_id in seen:
                self.fail(
                    LAND_LAYER,
                    feature.fid,
                    "minefree_id",
                    _("Not an activity of this export; clear minefree_id to add a new one."),
                )
                continue
            seen.add(exported.object_id)
            try:
                shape = geometry_hash(geopackage.decode_geometry(feature.geometry_blob)[0])
            except UNREADABLE:
                shape = "unreadable"
            values = [_land_value(name, feature.values.get(name)) for name in LAND_COMPARED]
            if row_hash(values, shape) != exported.values.get("row"):
                self.fail(
                    LAND_LAYER,
                    feature.fid,
                    "",
                    _(
                        "An approved activity cannot be changed from the field; undo the edit, "
                        "or draw a new polygon for further work."
                    ),
                )
            else:
                self.unchanged += 1
        for (layer, pk), exported in self.exported.items():
            if layer == LAND_LAYER and pk not in seen:
                self.fail(
                    LAND_LAYER,
                    int(exported.values.get("fid") or 0),
                    "",
                    _("Activity %(ref)s was deleted; an approved activity cannot be deleted from the field.")
                    % {"ref": exported.values.get("reference", pk)},
                )

    def new_release(self, feature: geopackage.Feature) -> None:
        fid, values = feature.fid, feature.values
        geom = self.geometry(LAND_LAYER, feature)
        end = self.day(LAND_LAYER, fid, "end_date", values.get("end_date"), None)
        start = self.day(LAND_LAYER, fid, "start_date", values.get("start_date"), None)
        if start and end and end < start:
            self.fail(LAND_LAYER, fid, "end_date", _("The end date is before the start date."))
        kind, method = self.text(values.get("kind")), self.text(values.get("method"))
        if (
            kind in ReleaseKind.values
            and method in Method.values
            and (kind == ReleaseKind.CANCEL) != (method == Method.SURVEY)
        ):
            self.fail(
                LAND_LAYER,
                fid,
                "method",
                _("Cancellation goes with method survey; reduction and clearance need manual, mechanical or dogs."),
            )
        if geom is None or end is None or start is None:
            return
        hazard = self.release_hazard(fid, self.text(values.get("hazard_reference")), geom)
        if hazard is None or not self.checked(LAND_LAYER, fid, geom, hazard.admin_area):
            return
        payload: dict[str, Any] = {
            "kind": kind,
            "method": method,
            "geometry": geojson_of(as_multipolygon(geom)),
        }
        payload["start_date"] = start.isoformat()
        for name in ("team", "depth_cm"):
            if values.get(name) not in (None, ""):
                payload[name] = self.text(values.get(name))
        self.plan(LAND_LAYER, fid, Change.ADDED, "progress", hazard, end, payload, polygon=geom)

    def release_hazard(self, fid: int, reference: str, geom: GEOSGeometry) -> HazardArea | None:
        """The area named in hazard_reference, or the exported area the polygon covers most."""
        if reference:
            hazard = self.named.get(reference)  # read ahead for the chunk, through restrict
            if hazard is None:
                self.fail(LAND_LAYER, fid, "hazard_reference", _("No hazardous area %(ref)s.") % {"ref": reference})
            return hazard
        best = None
        for candidate in self.hazards.values():  # the exported areas the user may see, read through restrict
            if candidate.geometry is None or not candidate.geometry.intersects(geom):
                continue
            shared = candidate.geometry.intersection(geom).area
            if best is None or shared > best[0]:
                best = (shared, candidate)
        if best is None:
            self.fail(
                LAND_LAYER, fid, "hazard_reference", _("The polygon lies on no exported area; give hazard_reference.")
            )
            return None
        return best[1]

    def plan(
        self,
        layer: str,
        fid: int,
        change: str,
        kind: str,
        hazard: HazardArea | None,
        day: dt.date,
        payload: dict[str, Any],
        exported: ExportedFeature | None = None,
        changed: list[str] | None = None,
        identity: Any = None,
        polygon: GEOSGeometry | None = None,
    ) -> None:
        """Check the report as saving and submission would, then keep it for writing."""
        try:
            checked = check_draft(
                kind=kind,
                organisation=self.export.organisation,
                date_of_information=day,
                payload=payload,
                hazard=hazard,
                districts=self.districts,
                polygons={"geometry": polygon} if polygon is not None else None,
            )
        except ActionError as error:
            for name, messages in error.errors.items():
                for message in messages:
                    self.fail(layer, fid, "geom" if name == "geometry" else name, message)
            return
        client_id = self.client_id(layer, fid, identity if identity is not None else payload)
        version = exported.version if exported is not None else None
        self.planned.append(
            Planned(layer, fid, change, kind, hazard, day, payload, client_id, checked, version, changed or [])
        )


def _with_countries(hazards: dict[int, HazardArea]) -> dict[int, HazardArea]:
    """Each area's country and its district's country from one read: a country boundary is large."""
    wanted = {h.country_id for h in hazards.values()} | {h.admin_area.country_id for h in hazards.values()}
    countries = Country.objects.in_bulk(wanted)
    for hazard in hazards.values():
        hazard.country = countries[hazard.country_id]
        hazard.admin_area.country = countries[hazard.admin_area.country_id]
    return hazards


def _normal(name: str, value: Any) -> Any:
    if name == "mechanical_suitable":
        return bool(value)
    return str(value).strip() if value is not None else ""


def _land_value(name: str, value: Any) -> Any:
    if value in (None, ""):
        return None
    if name in ("start_date", "end_date"):
        return str(value)[:10]
    if name == "depth_cm":
        try:
            return int(value)
        except (TypeError, ValueError):
            return value
    return str(value)
