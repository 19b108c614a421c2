"""Hazardous areas from a legacy file (IMSMA's hazard layer): polygons, points with a recorded area,
or no geometry with a recorded area.

A polygon is checked as every entry path checks it (core.geometry.check_polygon through
checks.placed: validity, the country, the district holding it); a point must lie in (or near) its
district, and needs the recorded area, which is kept in `recorded_area_m2` beside the point
(`location`): no circle is drawn, since no one surveyed one. Districts and operators are read
once per file, district boundaries prepared once; a batch costs a handful of queries.

A row whose IMSMA GUID or local id an earlier import kept updates that hazard, with a further
HazardEvent (kind "update") for the state fields that changed; a row that changed nothing is
counted unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core import audit
from minefree.core.bulk_rows import create_all
from minefree.core.dates import day_problem, today
from minefree.core.geometry import area_m2, as_multipolygon, cleaned, valid_at_export_precision
from minefree.core.models import AuditEntry
from minefree.core.references import next_references
from minefree.fieldwork.declare import Question, from_model
from minefree.gazetteer.home import home_country
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards import legacy_bulk, timeline
from minefree.hazards.checks import Districts, placed, placed_point
from minefree.hazards.models import REMAINING, HazardArea, HazardEvent, Status
from minefree.legacy.external_ids import known, remember
from minefree.legacy.targets import Context, Counts, Row, Target, register
from minefree.organisations.models import Organisation

CAUSE = "import_legacy"
IDENTITY = ("name", "admin_area", "operator", "description", "recorded_area_m2", "location", "recorded_on")


@dataclass
class Resolved:
    """One checked row, as the write needs it."""

    district: AdminArea | None = None
    operator: Organisation | None = None
    geometry: MultiPolygon | None = None
    location: Point | None = None
    existing: int | None = None  # the hazard an earlier import made from this row
    reference: str = ""  # a new hazard's reference, when it is written from SQL
    passed: bool = False  # the polygon passed every check in SQL (legacy_bulk), staged for the write


class HazardTarget(Target):
    name = "hazard"
    label = gettext_lazy("Hazardous areas")
    model = HazardArea

    def as_wkb(self) -> bool:
        return legacy_bulk.available()

    def questions(self) -> tuple[Question, ...]:
        return (
            from_model(HazardArea, "name"),
            Question(
                "admin_area",
                "district",
                gettext_lazy("District"),
                required=False,
                help=gettext_lazy("Found from the polygon when not given; needed for a point or no geometry."),
            ),
            Question(
                "operator",
                "text",
                gettext_lazy("Operator"),
                required=False,
                help=gettext_lazy("The organisation's acronym or name."),
            ),
            from_model(HazardArea, "classification"),
            from_model(HazardArea, "contamination"),
            Question(
                "status",
                "choice",
                gettext_lazy("Status"),
                required=False,
                choices=tuple((s.value, s.label) for s in REMAINING),
                default=Status.OPEN.value,
                help=gettext_lazy("Closed areas come in with their land release history."),
            ),
            Question(
                "geometry",
                "polygon",
                gettext_lazy("Polygon or point"),
                required=False,
                help=gettext_lazy("A point or no geometry needs the recorded area."),
            ),
            Question(
                "recorded_area_m2",
                "amount",
                gettext_lazy("Officially recorded area"),
                required=False,
                unit="m²",
            ),
            from_model(HazardArea, "mechanical_suitable"),
            from_model(HazardArea, "recorded_on"),
            from_model(HazardArea, "description"),
        )

    # -- what is read once per file -------------------------------------------------------------

    def _districts(self, context: Context) -> Districts:
        """Every district with its prepared boundary, read once per file: by code, and to find (or
        check) the one holding a polygon or point."""
        found = context.cache.get("hazard.districts")
        if found is None:
            found = context.cache["hazard.districts"] = Districts.everywhere()
        return cast(Districts, found)

    def _countries(self, context: Context) -> dict[int, Any]:
        found = context.cache.get("hazard.countries")
        if found is None:
            found = {c.pk: c.boundary.prepared for c in Country.objects.all()}
            context.cache["hazard.countries"] = found
        return dict(found)

    def _operators(self, context: Context) -> dict[str, Organisation]:
        found = context.cache.get("hazard.operators")
        if found is None:
            found = {}
            for org in Organisation.objects.all():
                found[org.name.casefold()] = org
                if org.acronym:
                    found[org.acronym.casefold()] = org
            context.cache["hazard.operators"] = found
        return dict(found)

    # -- checks ---------------------------------------------------------------------------------

    def check(self, rows: Sequence[Row], context: Context) -> list[tuple[Row, str, str]]:
        problems: list[tuple[Row, str, str]] = []
        districts = self._districts(context)
        operators = self._operators(context)
        existing = known(HazardArea, rows)
        passed = self._passing(rows, districts, context)
        resolved: dict[int, Resolved] = {}
        for row in rows:
            found = Resolved(existing=existing.get(row.number), passed=row.number in passed)
            if found.passed and not row.values.get("admin_area"):
                found.district = passed[row.number]  # found by the SQL check, as `placed` finds it
            resolved[row.number] = found
            if row.wkb is not None and (not found.passed or found.existing is not None):
                # The per-row checks (or the update) need the polygon itself.
                row.values["geometry"] = GEOSGeometry(memoryview(row.wkb), srid=4326)
            for name, message in self._check_row(row, found, context, districts, operators):
                problems.append((row, name, message))
        context.cache["hazard.resolved"] = resolved
        return problems

    def _passing(self, rows: Sequence[Row], districts: Districts, context: Context) -> dict[int, AdminArea]:
        """The rows whose polygon passes every check (in SQL), with the district holding it: the known
        one the row names, or the one found (the row naming none)."""
        if not any(row.wkb is not None for row in rows) or not legacy_bulk.available():
            return {}
        staged: list[tuple[int, bytes, int | None]] = []
        for row in rows:
            code = row.values.get("admin_area")
            if row.wkb is None:
                continue
            if not code:
                if legacy_bulk.finds_districts():
                    staged.append((row.number, row.wkb, None))
                continue
            district = districts.code(str(code))
            if district is not None:
                staged.append((row.number, row.wkb, district.pk))
        if "home_country" not in context.cache:
            context.cache["home_country"] = home_country()
        home = context.cache["home_country"]
        by_pk = {area.pk: area for area, _shape in districts.near}
        found = legacy_bulk.passing(staged, home.pk if home is not None else None)
        return {number: by_pk[pk] for number, pk in found.items() if pk in by_pk}

    def _check_row(
        self,
        row: Row,
        found: Resolved,
        context: Context,
        districts: Districts,
        operators: dict[str, Organisation],
    ) -> list[tuple[str, str]]:
        v = row.values
        problems: list[tuple[str, str]] = []
        for name in ("name", "classification", "contamination", "recorded_on"):
            if v.get(name) in (None, ""):
                problems.append((name, _("This field is required.")))
        if v.get("recorded_on") is not None:
            if "today" not in context.cache:
                context.cache["today"] = today()  # the home country's today, read once per file
            problem = day_problem(v["recorded_on"], context.cache["today"])
            if problem:
                problems.append(("recorded_on", problem))
        problems += self._duplicates(row, found, context)
        if v.get("operator"):
            found.operator = operators.get(str(v["operator"]).casefold())
            if found.operator is None:
                problems.append(("operator", _("No organisation is called “%(v)s”.") % {"v": v["operator"]}))
        code = v.get("admin_area")
        if code:
            found.district = districts.code(str(code))
            if found.district is None:
                problems.append(("admin_area", _("No district has the code “%(v)s”.") % {"v": code}))
                return problems
        if found.passed:  # a polygon inside its district and country, valid: every geometry check made
            wkb = row.wkb if found.existing is not None else None
            geometry = GEOSGeometry(memoryview(wkb), srid=4326) if wkb is not None else None
            found.geometry = as_multipolygon(geometry) if geometry is not None else None
            return problems
        geom: GEOSGeometry | None = v.get("geometry")
        recorded = v.get("recorded_area_m2")
        if geom is None or geom.empty:
            if not recorded:
                problems.append(("recorded_area_m2", _("A hazard with no geometry needs its recorded area.")))
            if found.district is None and not code:
                problems.append(("admin_area", _("A hazard with no polygon needs its district.")))
            return problems
        if geom.geom_type in ("Point", "MultiPoint"):
            return problems + self._check_point(geom, found, recorded, context)
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(
                (
                    "geometry",
                    _("The geometry is a %(kind)s; a polygon or a point is needed.") % {"kind": geom.geom_type},
                )
            )
            return problems
        return problems + self._check_polygon(geom, found, context)

    def _duplicates(self, row: Row, found: Resolved, context: Context) -> list[tuple[str, str]]:
        problems = []
        for kind, key in (("guid", row.guid), ("local_id", row.local_id)):
            if not key:
                continue
            earlier = context.first_seen(f"hazard.{kind}", key, row.number)
            if earlier is not None:
                problems.append(
                    (
                        kind,
                        _("Row %(row)s of this file has the same %(kind)s %(key)s.")
                        % {"row": earlier, "kind": _("GUID") if kind == "guid" else _("local id"), "key": key},
                    )
                )
        if found.existing is not None:
            earlier = context.first_seen("hazard.record", found.existing, row.number)
            if earlier is not None:
                problems.append(
                    ("guid", _("Row %(row)s of this file updates the same hazardous area.") % {"row": earlier})
                )
        return problems

    def _check_polygon(self, geom: GEOSGeometry, found: Resolved, context: Context) -> list[tuple[str, str]]:
        if found.district is not None:
            country = found.district.country
        else:
            if "home_country" not in context.cache:
                context.cache["home_country"] = home_country()
            country = context.cache["home_country"]
        prepared = self._countries(context).get(country.pk) if country is not None else None
        districts = self._districts(context)
        place = placed(geom, found.district, country=country, districts=districts, country_boundary=prepared)
        problems = [(name, message) for name, messages in place.errors.items() for message in messages]
        if not problems:
            found.district = place.district
            # A valid polygon that stays valid at the export's 7 decimals is stored as it is; only
            # one that does not goes through the clean-up an edit's clip gets.
            usable = geom.valid and valid_at_export_precision(geom)
            found.geometry = as_multipolygon(geom) if usable else (cleaned(geom) or as_multipolygon(geom))
        return problems

    def _check_point(
        self, geom: GEOSGeometry, found: Resolved, recorded: Any, context: Context
    ) -> list[tuple[str, str]]:
        first: Any = geom if geom.geom_type == "Point" else geom[0]
        point = Point(first.x, first.y, srid=4326)
        problems = []
        if not recorded:
            problems.append(("recorded_area_m2", _("A hazard recorded by a point needs its recorded area.")))
        if found.district is None:
            holding = [area for area, prepared in self._districts(context).near if prepared.covers(point)]
            if not holding:
                return [*problems, ("geometry", _("No district holds this point; give its district."))]
            found.district = holding[0]
        messages = placed_point(point, found.district)
        problems += [("geometry", message) for message in messages]
        found.location = point
        return problems

    # -- writing --------------------------------------------------------------------------------

    def write(self, rows: Sequence[Row], context: Context) -> Counts:
        resolved: dict[int, Resolved] = context.cache.pop("hazard.resolved", None) or {}
        if set(resolved) != {row.number for row in rows}:
            # check() resolved districts, operators and known records for exactly these rows.
            raise ValueError("write() takes the batch check() has just passed")
        counts = Counts()
        new: list[tuple[Row, HazardArea]] = []
        staged: list[tuple[Row, Resolved]] = []
        for row in rows:
            found = resolved[row.number]
            if found.passed and found.existing is None:
                staged.append((row, found))
                continue
            hazard = self._hazard(row, found)
            if found.existing is None:
                new.append((row, hazard))
            elif self._update(context.user, found.existing, hazard):
                counts.updated += 1
            else:
                counts.unchanged += 1
        self._number(new, staged)
        self._create(context, new)
        self._create_staged(context, staged)
        counts.created += len(new) + len(staged)
        return counts

    def _number(self, new: list[tuple[Row, HazardArea]], staged: list[tuple[Row, Resolved]]) -> None:
        """The references of a batch's new hazards, in the file's row order whichever path writes them."""
        by_prefix: dict[str, list[tuple[int, Any]]] = {}
        for row, hazard in new:
            by_prefix.setdefault(f"{hazard.country.code}-HA-", []).append((row.number, hazard))
        for row, found in staged:
            assert found.district is not None
            by_prefix.setdefault(f"{found.district.country.code}-HA-", []).append((row.number, found))
        for prefix, numbered in by_prefix.items():
            numbered.sort(key=lambda pair: pair[0])
            for (_number, target), reference in zip(
                numbered, next_references(HazardArea, prefix, len(numbered)), strict=True
            ):
                target.reference = reference

    def _create_staged(self, context: Context, staged: list[tuple[Row, Resolved]]) -> None:
        """The new hazards whose polygons passed in SQL, written from the staged batch (legacy_bulk)."""
        if not staged:
            return
        new = []
        for row, found in staged:
            v = row.values
            district = found.district
            assert district is not None
            recorded = v.get("recorded_area_m2")
            values = {
                "name": v["name"],
                "classification": v["classification"],
                "contamination": v["contamination"],
                "status": v.get("status") or Status.OPEN.value,
                "mechanical_suitable": bool(v.get("mechanical_suitable")),
                "recorded_on": v["recorded_on"],
                "description": v.get("description") or "",
                "admin_area_id": district.pk,
                "country_id": district.country_id,
                "operator_id": found.operator.pk if found.operator is not None else None,
                "recorded_area_m2": float(recorded) if recorded is not None else None,
            }
            values["reference"] = found.reference
            new.append((row, values))
        user = context.user if getattr(context.user, "is_authenticated", False) else None
        legacy_bulk.create(
            new,
            cause=CAUSE,
            user_id=user.pk if user is not None else None,
            file=context.file,
            import_id=context.import_record.pk,
        )

    def _hazard(self, row: Row, found: Resolved) -> HazardArea:
        v = row.values
        assert found.district is not None
        recorded = v.get("recorded_area_m2")
        return HazardArea(
            name=v["name"],
            country=found.district.country,
            admin_area=found.district,
            operator=found.operator,
            classification=v["classification"],
            contamination=v["contamination"],
            status=v.get("status") or Status.OPEN,
            geometry=found.geometry,
            area_m2=area_m2(found.geometry),
            recorded_area_m2=float(recorded) if recorded is not None else None,
            location=found.location,
            mechanical_suitable=bool(v.get("mechanical_suitable")),
            recorded_on=v["recorded_on"],
            description=v.get("description") or "",
        )

    def _create(self, context: Context, new: list[tuple[Row, HazardArea]]) -> None:
        if not new:
            return
        hazards = create_all(HazardArea, [hazard for _row, hazard in new])  # COPY on PostgreSQL
        timeline.record_created(hazards, CAUSE)
        remember(HazardArea, ((row, hazard.pk) for (row, _h), hazard in zip(new, hazards, strict=True)))
        record = context.import_record
        content_type = ContentType.objects.get_for_model(HazardArea)
        user = context.user if getattr(context.user, "is_authenticated", False) else None
        create_all(
            AuditEntry,
            [
                AuditEntry(
                    user=user,
                    action=CAUSE,
                    content_type=content_type,
                    object_id=str(hazard.pk),
                    object_repr=str(hazard)[:200],
                    before=None,
                    after={"reference": hazard.reference, "name": hazard.name, "row": row.number, "import": record.pk},
                    related_to=context.file[:100],
                )
                for (row, _h), hazard in zip(new, hazards, strict=True)
            ],
        )

    def _update(self, user: Any, pk: int, incoming: HazardArea) -> bool:
        """Bring hazard `pk` to what the row says; False when nothing differs. Compared with the state
        on the row's date of information, so land released since then is not counted a change."""
        hazard = HazardArea.objects.select_for_update().get(pk=pk)
        before = audit.snapshot(hazard)
        state = timeline.state_on(hazard, incoming.recorded_on)
        changes: dict[str, Any] = {}
        for name in timeline.STATE_FIELDS:
            old = getattr(state, name) if state is not None else getattr(hazard, name)
            new = getattr(incoming, name)
            if not _same(old, new):
                changes[name] = new
        identity = {
            name: getattr(incoming, name)
            for name in IDENTITY
            if not _same(getattr(hazard, name), getattr(incoming, name))
        }
        if not changes and not identity:
            return False
        if changes:
            timeline.record(hazard, incoming.recorded_on, HazardEvent.Kind.UPDATE, CAUSE, changes)
        for name, value in identity.items():
            setattr(hazard, name, value)
        hazard.version += 1
        hazard.save()
        audit.record(user, CAUSE, hazard, before, audit.snapshot(hazard))
        return True


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, GEOSGeometry) or isinstance(new, GEOSGeometry):
        if old is None or new is None:
            return old is None and new is None
        return bool(old.equals_exact(new, 1e-9)) or bool(old.equals(new))
    if isinstance(old, float) or isinstance(new, float):
        return old is not None and new is not None and abs(float(old) - float(new)) < 1e-6
    return bool(old == new)


register(HazardTarget())

# Land release and ordnance are hazards' records too; their targets live apart (one job a file).
from minefree.hazards import legacy_release  # noqa: E402,F401 - registers land_release and ordnance
