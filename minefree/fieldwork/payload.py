"""What a field report says, read by its kind's declared questions, and how approval writes it.

Each kind (`fieldwork.declare.ReportKind`, declared in the app that owns its records) names its
questions and the rules that apply it. Errors name the field as the report calls it, so a clerk (or
ODK Collect) can point at the question.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, Point
from django.utils.translation import gettext as _

from minefree.core.dates import day_problem
from minefree.core.errors import ActionError
from minefree.core.geometry import as_multipolygon, check_polygon
from minefree.core.geometry_input import UNREADABLE, read_geometry
from minefree.fieldwork.declare import KINDS, MAX_COUNT, MAX_ID, Apply, Question, ReportKind
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards.checks import Districts, placed, placed_point
from minefree.organisations.models import Team

__all__ = ["KINDS", "MAX_COUNT", "MAX_ID", "Apply", "Reader"]

Fields = dict[str, Any]


class _Tracked(dict[str, Any]):
    """A payload that remembers which keys its reader asked about: every other key is unknown."""

    def __init__(self, payload: Fields) -> None:
        super().__init__(payload)
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.asked.add(key)
        return super().__contains__(key)


class Reader:
    """Typed access to a payload that collects every problem before raising once."""

    def __init__(
        self,
        payload: Fields,
        report: Any = None,
        districts: Districts | None = None,
        polygons: dict[str, GEOSGeometry] | None = None,
    ) -> None:
        self.payload = _Tracked(payload)
        self.report = report
        self.districts = districts  # a batch's districts read once (a file import), else one query each
        self.geometries: dict[str, Any] = {}  # each polygon read, by name: read once per report
        # Sound geometries the caller wrote the payload's GeoJSON from (a file's features): not parsed again.
        self.polygons = polygons or {}
        self.kind: ReportKind | None = KINDS.get(getattr(report, "kind", ""))
        self.errors: dict[str, list[str]] = {}
        self.unknown: dict[str, list[str]] = {}  # keys inside list items no reader knows

    def answers(self, *names: str) -> Fields:
        """The declared questions' answers (all, or those named), each read by its type."""
        assert self.kind is not None
        asked = names or tuple(q.name for q in self.kind.questions)
        return {name: self.ask(name) for name in asked}

    def ask(self, name: str, required: bool | None = None) -> Any:
        """One declared question's answer; `required` overrides the declaration (a change report)."""
        assert self.kind is not None
        q = self.kind.question(name)
        need = q.required if required is None else required
        if q.sealed:  # stored sealed: read as the clear text approval writes
            value = unsealed(self, name)
            if need and not value.strip() and name not in self.errors:
                self.fail(name, _("This field is required."))
            return value
        if q.type in {"text", "long_text"}:
            return self.text(name, need, q.max_length)
        if q.type == "choice":
            return self.choice(name, list(q.choices), need)
        if q.type == "day":
            return self.day(name, need)
        if q.type in {"count", "record"}:
            number = self.number(name, need, q.low, q.high)
            return q.default if number is None else number
        if q.type == "amount":
            return self.amount(name, need, q.high)
        if q.type == "flag":
            return self.flag(name)
        if q.type in {"polygon", "point"}:
            return self.geometry(name, need, point=q.type == "point")
        if q.type == "line":
            return self.line(name, need)
        if q.type == "district":
            return self.district(name, need)
        if q.type == "team":
            return self.team(name, need)
        return self.items(q, need)

    def amount(self, name: str, required: bool, high: int) -> Decimal | None:
        value = self.payload.get(name)
        if value in (None, "") and not required:
            return None
        try:
            amount = Decimal(str(value))
        except (InvalidOperation, ValueError):
            amount = Decimal(0)
        if not amount.is_finite() or amount <= 0 or amount >= high:
            self.fail(name, _("Give an amount above 0 and below %(high)s, e.g. 125000.") % {"high": high})
            return None
        return amount

    def district(self, name: str, required: bool = True) -> AdminArea | None:
        code = self.text(name, required, max_length=20)
        if not code:
            area = None
        elif self.districts is not None:
            area = self.districts.code(code)
        else:
            area = AdminArea.objects.filter(code=code, level=2).select_related("country").first()
        if code and area is None:
            self.fail(name, _("No district with code %(code)s.") % {"code": code})
        return area

    def team(self, name: str, required: bool = False) -> Team | None:
        """A team of the writing organisation, by name."""
        label = self.text(name, required, max_length=100)
        organisation = getattr(self.report, "organisation", None)
        if not label:
            return None
        found = Team.objects.filter(organisation=organisation, name=label).first()
        if found is None:
            self.fail(name, _("%(org)s has no team called %(name)s.") % {"org": organisation, "name": label})
        return found

    def items(self, question: Question, required: bool) -> list[Fields]:
        """A list of objects (an accident's casualties): each item may hold only the declared keys."""
        value = self.payload.get(question.name)
        if value in (None, "", []):
            if required:
                self.fail(question.name, _("Give at least one item."))
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail(question.name, _("Give a list of items, each an object."))
            return []
        known = {item.name for item in question.items}
        for n, item in enumerate(value, start=1):
            for key in sorted(set(item) - known):
                message = _("Unknown field %(key)s.") % {"key": key}
                self.unknown[f"{question.name}.{n}.{key}"] = [message]
                self.fail(f"{question.name}.{n}.{key}", message)
        return value

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def text(self, name: str, required: bool = True, max_length: int = 200) -> str:
        value = str(self.payload.get(name) or "").strip()
        if required and not value:
            self.fail(name, _("This field is required."))
        elif len(value) > max_length:
            self.fail(name, _("At most %(n)s characters.") % {"n": max_length})
        return value

    def choice(self, name: str, choices: list[tuple[str, Any]], required: bool = True) -> str:
        value = str(self.payload.get(name) or "")
        codes = [code for code, _label in choices]
        if value not in codes and (required or value):
            self.fail(name, _("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)})
        return value

    def day(self, name: str, required: bool = True) -> dt.date | None:
        value = self.payload.get(name)
        if not value:
            if required:
                self.fail(name, _("This field is required."))
            return None
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(name, _("%(value)s is not a date like 2024-05-20.") % {"value": value})
            return None
        problem = day_problem(day)
        if problem:
            self.fail(name, problem)
        return day

    def number(self, name: str, required: bool = True, low: int = 0, high: int = MAX_COUNT) -> int | None:
        """A whole number within [low, high]: never negative unless asked, never beyond a DB integer."""
        value = self.payload.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, _("This field is required."))
            return None
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            self.fail(name, _("%(value)s is not a whole number.") % {"value": str(value)[:40]})
            return None
        if not low <= number <= high:
            self.fail(name, _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
            return None
        return number

    def flag(self, name: str) -> bool:
        return str(self.payload.get(name, "")).lower() in {"1", "true", "yes", "on"}

    def geometry(self, name: str = "geometry", required: bool = True, point: bool = False) -> Any:
        value = self.payload.get(name)
        if not value:
            if required:
                self.fail(name, _("This field is required."))
            return None
        try:
            # A GeoJSON crs member (e.g. UTM from GDAL) is reprojected.
            geom = self.polygons[name] if name in self.polygons else read_geometry(value)
        except UNREADABLE as exc:
            self.fail(name, _("Not a readable geometry (GeoJSON or WKT): %(reason)s") % {"reason": exc})
            return None
        wanted = ("Point",) if point else ("Polygon", "MultiPolygon")
        if geom.geom_type not in wanted:
            self.fail(name, _("Expected a %(kind)s, got a %(got)s.") % {"kind": wanted[0], "got": geom.geom_type})
            return None
        if point:
            return geom
        # Shape errors (self-intersection, too few vertices) reach the clerk on submission, not later.
        problems = check_polygon(geom).errors
        if problems:
            for problem in problems:
                self.fail(name, problem)
            return None
        self.geometries[name] = as_multipolygon(geom)
        return self.geometries[name]

    def line(self, name: str, required: bool) -> Any:
        """A walked line (an ODK geotrace), kept with the report as GeoJSON."""
        value = self.payload.get(name)
        if not value:
            if required:
                self.fail(name, _("This field is required."))
            return None
        try:
            geom = read_geometry(value)
        except UNREADABLE as exc:
            self.fail(name, _("Not a readable geometry (GeoJSON or WKT): %(reason)s") % {"reason": exc})
            return None
        if geom.geom_type != "LineString":
            self.fail(name, _("Expected a %(kind)s, got a %(got)s.") % {"kind": "LineString", "got": geom.geom_type})
            return None
        return geom

    def place(
        self,
        geom: GEOSGeometry,
        district: AdminArea | None,
        *,
        country: Country | None = None,
        with_district: bool = True,
        name: str = "geometry",
    ) -> AdminArea | None:
        """The country and district checks every path shares (`hazards.checks.placed`); the district
        the polygon is filed under, found from the polygon when none was given."""
        place = placed(
            geom, district, country=country, with_district=with_district, geometry_field=name, districts=self.districts
        )
        for field_name, messages in place.errors.items():
            for message in messages:
                self.fail(field_name, message)
        return place.district

    def place_point(
        self, point: Point | None, district: AdminArea | None, *, country: Country | None = None, name: str = "location"
    ) -> None:
        """A report's point checked against its country (`hazards.checks.placed_point`), as `place` does polygons."""
        if point is not None:
            for message in placed_point(point, district, country=country):
                self.fail(name, message)

    def check(self) -> None:
        if self.errors:
            raise ActionError(self.errors)


def sealed_fields(kind: str) -> tuple[str, ...]:
    """The payload names of a kind, at any depth, that are sealed as soon as a report is saved."""
    declared = KINDS.get(kind)
    return declared.sealed() if declared is not None else ()


def seal_payload(kind: str, payload: Fields, stored: Fields | None = None) -> Fields:
    """Seal every personal field whatever its shape. Only the server writes the sealed form: a client
    may send back the stored value unchanged (`stored`: the report's payload), never one of its own."""
    if not isinstance(payload, dict):
        raise ActionError(_("payload must be an object."), field="payload")
    names = sealed_fields(kind)
    return _sealed(payload, stored, names, "") if names else dict(payload)


def _sealed(value: Any, stored: Any, names: tuple[str, ...], path: str) -> Any:
    from minefree.core.crypto import looks_sealed, seal_value

    if isinstance(value, list):
        kept = stored if isinstance(stored, list) else []
        return [_sealed(v, kept[n] if n < len(kept) else None, names, f"{path}.{n + 1}") for n, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    was = stored if isinstance(stored, dict) else {}
    out = {}
    for name, item in value.items():
        field = f"{path}.{name}" if path else name
        if name not in names:
            out[name] = _sealed(item, was.get(name), names, field)
        elif item is None or (looks_sealed(item) and item == was.get(name)):
            out[name] = item  # nothing, or the stored ciphertext sent back unchanged
        elif looks_sealed(item):
            raise ActionError(
                _("%(field)s looks already encrypted: send it as plain text, MineFree encrypts it.") % {"field": name},
                field=field.lstrip("."),
            )
        else:
            out[name] = seal_value(item)
    return out


def unsealed(read: Reader, name: str) -> str:
    """A sealed field's clear text for applying the report; any other shape is an error on the field."""
    from minefree.core.crypto import unseal_value

    try:
        value = unseal_value(read.payload.get(name))
    except ValueError:
        read.fail(name, _("This value cannot be decrypted; send it again."))
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | type(None)):
        read.fail(name, _("Give this as text."))
        return ""
    return "" if value is None else str(value)


def check(report: Any) -> Apply:
    """Validate the report (every problem at once); return what applies it as a user."""
    return check_with(Reader(report.payload, report), report)


def check_as_saved(
    report: Any, districts: Districts | None = None, polygons: dict[str, GEOSGeometry] | None = None
) -> Any:
    """What saving (`refuse_unknown_keys`) and submitting (`check`) ask of a report, in one reading:
    every problem and every unknown key at once. `districts`: a batch's districts read once;
    `polygons`: the sound geometries the payload's GeoJSON was just written from, by name.
    Returns the report's polygon, as `report_geometry` reads it."""
    payload = report.payload
    if not isinstance(payload, dict):
        raise ActionError(_("payload must be an object."), field="payload")
    read = Reader(payload, report, districts, polygons)
    errors: dict[str, list[str]] = {}
    try:
        check_with(read, report)
    except ActionError as error:
        errors = dict(error.errors)
    known = read.payload.asked | KINDS[report.kind].known_elsewhere | {ATTACHMENTS}
    message = _("Unknown field %(key)s for this kind of report.")
    for key in sorted(set(payload) - known):
        errors.setdefault(key, []).append(message % {"key": key})
    if errors:
        raise ActionError(errors)
    # `report_geometry`'s answer, from this reading: a report with no errors read its polygon soundly.
    return read.geometries["geometry"] if "geometry" in read.geometries else report_geometry(report)


def check_with(read: Reader, report: Any) -> Apply:
    kind = KINDS[report.kind]
    if kind.needs_hazard and report.hazard is None:
        read.fail("hazard", _("Name the hazardous area this report is about."))
    return kind.rules(read, {} if kind.reads_given else read.answers(), report)


ATTACHMENTS = "attachments"  # OpenRosa media names, on any kind


def refuse_unknown_keys(report: Any, also: Iterable[str] = ()) -> None:
    """Refuse, naming each, the payload keys the kind's reader never asks about: a key nobody reads
    would be stored (unsealed, if personal) and shown as sent. `also`: keys a source knows besides
    (an XForm's own answers). Runs the reader on a copy; its other complaints wait for submission."""
    payload = report.payload
    if not isinstance(payload, dict):
        raise ActionError(_("payload must be an object."), field="payload")
    read = Reader(copy.deepcopy(payload), report)
    with contextlib.suppress(ActionError):
        check_with(read, report)
    known = read.payload.asked | KINDS[report.kind].known_elsewhere | {ATTACHMENTS} | set(also)
    message = _("Unknown field %(key)s for this kind of report.")
    unknown = {key: [message % {"key": key}] for key in sorted(set(payload) - known)} | read.unknown
    if unknown:
        raise ActionError(unknown)


def report_geometry(report: Any) -> Any:
    """The polygon a report carries, for maps and overlap checks (None if it has none or is unreadable)."""
    read = Reader(report.payload)
    geom = read.geometry(required=False)
    return None if read.errors else geom
