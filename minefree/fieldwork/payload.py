"""What a field report says, checked field by field, and how approval writes it.

Each kind names its fields and the national-record action that applies it. Errors name the
field as the report calls it, so a clerk (or ODK Collect) can point at the question.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, Point
from django.utils.translation import gettext as _

from minefree.core.dates import day_problem
from minefree.core.errors import ActionError
from minefree.core.geometry import as_multipolygon, check_polygon
from minefree.core.geometry_input import UNREADABLE, read_geometry
from minefree.gazetteer.home import local_today
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards import actions as hazard_actions
from minefree.hazards.checks import placed, placed_point
from minefree.hazards.models import (
    Classification,
    Contamination,
    HazardArea,
    Method,
    OrdnanceFind,
    ReleaseKind,
    Status,
)
from minefree.organisations.models import Team

Fields = dict[str, Any]
# Counts fit a 32-bit database integer; record numbers (primary keys) a 64-bit one.
MAX_COUNT = 2**31 - 1
MAX_ID = 2**63 - 1


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

    def __init__(self, payload: Fields) -> None:
        self.payload = _Tracked(payload)
        self.errors: dict[str, list[str]] = {}
        self.unknown: dict[str, list[str]] = {}  # keys inside list items no reader knows

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
            geom = read_geometry(value)  # a GeoJSON crs member (e.g. UTM from GDAL) is reprojected
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
        return as_multipolygon(geom)

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
        place = placed(geom, district, country=country, with_district=with_district, geometry_field=name)
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


def _hazard_fields(read: Reader, existing: HazardArea | None) -> Fields:
    """New area: every field; change to an existing one: only what the report gives."""
    given = read.payload
    fields: Fields = {}
    if existing is None or "name" in given:
        fields["name"] = read.text("name")
    if existing is None or "classification" in given:
        fields["classification"] = read.choice("classification", Classification.choices)
    if existing is None or "contamination" in given:
        fields["contamination"] = read.choice("contamination", Contamination.choices)
    if existing is None or "geometry" in given:
        fields["geometry"] = read.geometry()
    geometry = fields.get("geometry")
    if existing is None:
        # The district as given, checked against the polygon; or, left empty, the one holding it.
        code = read.text("admin_area", required=geometry is None and "geometry" not in given, max_length=20)
        area = AdminArea.objects.filter(code=code, level=2).select_related("country").first() if code else None
        if code and area is None:
            read.fail("admin_area", _("No district with code %(code)s.") % {"code": code})
        elif geometry is not None:
            area = read.place(geometry, area)
        fields["admin_area"] = area
    elif geometry is not None:
        read.place(geometry, existing.admin_area)
    if "mechanical_suitable" in given:
        fields["mechanical_suitable"] = read.flag("mechanical_suitable")
    if "description" in given:
        fields["description"] = read.text("description", required=False, max_length=5000)
    if "status" in given and existing is not None:  # the web form offers it; a new area is open anyway
        fields["status"] = read.choice("status", [(s, s) for s in (Status.OPEN, Status.WORKED_ON, Status.SUSPENDED)])
    return fields


def _team(read: Reader, report: Any) -> Team | None:
    name = read.text("team", required=False, max_length=100)
    if not name:
        return None
    team = Team.objects.filter(organisation=report.organisation, name=name).first()
    if team is None:
        read.fail("team", _("%(org)s has no team called %(name)s.") % {"org": report.organisation, "name": name})
    return team


Apply = Callable[[Any, bool], dict[str, int]]


def _hazard_report(read: Reader, report: Any) -> Apply:
    hazard, day, org = report.hazard, report.date_of_information, report.organisation
    fields = _hazard_fields(read, hazard)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        if hazard is None:
            made = hazard_actions.create_hazard_area(user, operator=org, recorded_on=day, confirm=confirm, **fields)
            return {"hazard": made.pk}
        hazard_actions.update_hazard_area(
            user, hazard, expected_version=None, effective_date=day, changes=fields, confirm=confirm
        )
        return {"hazard": hazard.pk}

    return apply


def _progress_report(read: Reader, report: Any) -> Apply:
    hazard, day, org = report.hazard, report.date_of_information, report.organisation
    release_kind = read.choice("kind", ReleaseKind.choices)
    method = read.choice("method", Method.choices)
    geometry = read.geometry()
    if geometry is not None and hazard is not None:  # clipped to the area, so its country is enough
        read.place(geometry, None, country=hazard.country, with_district=False)
    start = read.day("start_date")
    if start is not None and start > day:
        read.fail("start_date", _("The start date is after the date of information (the end)."))
    depth = read.number("depth_cm", required=False, high=10_000)
    team = _team(read, report)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert start is not None
        activity = hazard_actions.release_land(
            user,
            hazard,
            kind=release_kind,
            method=method,
            geometry=geometry,
            start_date=start,
            end_date=day,
            organisation=org,
            team=team,
            depth_cm=depth,
        )
        return {"hazard": hazard.pk, "activity": activity.pk}

    return apply


def _completion_report(read: Reader, report: Any) -> Apply:
    hazard, day, org = report.hazard, report.date_of_information, report.organisation
    certificate = read.text("certificate_number", max_length=40)
    handed_on = read.day("handed_over_on")
    if handed_on is not None and handed_on < day:
        read.fail("handed_over_on", _("Handover cannot come before completion."))
    handed_to = read.text("handed_over_to")
    owner = read.text("residual_risk_owner")
    notes = read.text("notes", required=False, max_length=5000)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert handed_on is not None
        made = hazard_actions.complete_hazard_area(
            user,
            hazard,
            organisation=org,
            completed_on=day,
            certificate_number=certificate,
            handed_over_on=handed_on,
            handed_over_to=handed_to,
            residual_risk_owner=owner,
            notes=notes,
        )
        return {"hazard": hazard.pk, "completion": made.pk}

    return apply


def _spot_task(read: Reader, report: Any) -> Apply:
    hazard, day, org = report.hazard, report.date_of_information, report.organisation
    category = read.choice("category", OrdnanceFind.Category.choices)
    ordnance_type = read.text("ordnance_type", max_length=60)
    quantity = read.number("quantity", low=1, high=1_000_000)
    disposal = read.choice("disposal", OrdnanceFind.Disposal.choices)
    disposed_on = read.day("disposed_on")
    if disposed_on is not None and disposed_on < day:
        read.fail("disposed_on", _("Disposal cannot come before the find."))
    location: Point | None = read.geometry("location", required=hazard is None, point=True)
    read.place_point(location, None, country=hazard.country if hazard is not None else None)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert quantity is not None and disposed_on is not None
        find = hazard_actions.record_ordnance(
            user,
            hazard,
            organisation=org,
            category=category,
            ordnance_type=ordnance_type,
            quantity=quantity,
            found_on=day,
            disposal=disposal,
            disposed_on=disposed_on,
            location=location,
        )
        return {"ordnance": find.pk}

    return apply


def _district(read: Reader) -> AdminArea | None:
    code = read.text("admin_area", max_length=20)
    area = AdminArea.objects.filter(code=code, level=2).first() if code else None
    if code and area is None:
        read.fail("admin_area", _("No district with code %(code)s.") % {"code": code})
    return area


# The keys of a list's items a reader knows (an accident's casualties, a victim's referrals).
CASUALTY_KEYS = frozenset({"sex", "age", "outcome", "deminer", "adult", "injuries"})
NEED_KEYS = frozenset({"need", "institution"})
EVIDENCE_KEYS = frozenset({"type", "description"})


def _nested_unknown(read: Reader, name: str, items: list[Any], known: frozenset[str]) -> None:
    for n, item in enumerate(items, start=1):
        for key in sorted(set(item) - known) if isinstance(item, dict) else ():
            read.unknown[f"{name}.{n}.{key}"] = [_("Unknown field %(key)s.") % {"key": key}]
            read.fail(f"{name}.{n}.{key}", _("Unknown field %(key)s.") % {"key": key})


def _accident_report(read: Reader, report: Any) -> Apply:
    from minefree.casualties import actions as casualty_actions
    from minefree.casualties.actions import _check_casualties
    from minefree.casualties.models import Accident

    kind = read.choice("kind", Accident.Kind.choices)
    area = _district(read)
    activity = read.choice("activity_at_time", Accident.ActivityAtTime.choices)
    location: Point | None = read.geometry("location", required=False, point=True)
    read.place_point(location, area)
    people = read.payload.get("casualties")
    if not isinstance(people, list) or not people or not all(isinstance(p, dict) for p in people):
        read.fail("casualties", _("List at least one casualty, each with sex, age and outcome."))
    else:
        for person in people:  # "false" from a form is not adult
            if "adult" in person:
                person["adult"] = str(person["adult"]).lower() in {"1", "true", "yes", "on"}
            if isinstance(person.get("age"), str):
                person["age"] = int(person["age"]) if person["age"].isdigit() else None
            if isinstance(person.get("deminer"), str):  # "no" from a form is not a deminer
                person["deminer"] = person["deminer"].lower() in {"1", "true", "yes", "on"}
        _nested_unknown(read, "casualties", people, CASUALTY_KEYS)
        try:  # what approval refuses about a casualty is refused on submission already
            _check_casualties(kind, people)
        except ActionError as exc:
            read.errors.update(exc.errors)
    evidence = read.payload.get("evidence") or []
    if not isinstance(evidence, list) or not all(isinstance(e, dict) for e in evidence):
        read.fail("evidence", _("Evidence is a list of items, each with a type and a description."))
    else:
        _nested_unknown(read, "evidence", evidence, EVIDENCE_KEYS)
    device = read.text("device", required=False, max_length=60)
    findings = read.text("findings", required=False, max_length=5000)
    corrective = read.text("corrective_actions", required=False, max_length=5000)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert area is not None
        made = casualty_actions.record_accident(
            user,
            organisation=report.organisation,
            kind=kind,
            date=report.date_of_information,
            admin_area=area,
            activity_at_time=activity,
            casualties=people or [],
            location=location,
            hazard=report.hazard,
            device=device,
            evidence=evidence,
            findings=findings,
            corrective_actions=corrective,
        )
        return {"accident": made.pk}

    return apply


def _eore_report(read: Reader, report: Any) -> Apply:
    from minefree.education import actions as education_actions
    from minefree.education.models import BENEFICIARY_FIELDS, EoreSession

    area = _district(read)
    fields: Fields = {
        "place": read.text("place", max_length=100),
        "facilitator": read.choice("facilitator", EoreSession.Facilitator.choices),
        "audience": read.choice("audience", EoreSession.Audience.choices),
        "method": read.choice("method", EoreSession.Method.choices),
        "grouping": read.choice("grouping", EoreSession.Grouping.choices),
        "materials": read.number("materials", required=False, high=1_000_000) or 0,
        "location": read.geometry("location", required=False, point=True),
    }
    read.place_point(fields["location"], area)
    counts = {name: read.number(name, high=1_000_000) for name in (*BENEFICIARY_FIELDS, "total")}
    if all(v is not None for v in counts.values()):
        try:
            education_actions.check_total({k: v or 0 for k, v in counts.items()}, counts["total"] or 0)
        except ActionError as exc:
            read.errors.update(exc.errors)
    read.check()

    numbers: Fields = {k: v or 0 for k, v in counts.items()}

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert area is not None
        made = education_actions.record_session(
            user,
            organisation=report.organisation,
            date=report.date_of_information,
            admin_area=area,
            **fields,
            **numbers,
        )
        return {"session": made.pk}

    return apply


# Payload fields sealed as soon as a report is saved, at any depth (an accident's casualties are a
# list): personal data is never stored in clear.
SEALED_FIELDS = {"victim": ("name", "contact", "medical"), "accident": ("injuries",)}


def seal_payload(kind: str, payload: Fields, stored: Fields | None = None) -> Fields:
    """Seal every personal field whatever its shape. Only the server writes the sealed form: a client
    may send back the stored value unchanged (`stored`: the report's payload), never one of its own."""
    if not isinstance(payload, dict):
        raise ActionError(_("payload must be an object."), field="payload")
    names = SEALED_FIELDS.get(kind, ())
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


def _victim_report(read: Reader, report: Any) -> Apply:
    from minefree.casualties import assistance
    from minefree.casualties.models import Casualty, Referral

    area = _district(read)
    sex = read.choice("sex", Casualty.Sex.choices)
    birth_year = read.number("birth_year", required=False, low=1900, high=local_today().year)
    name, contact, medical = (unsealed(read, field) for field in SEALED_FIELDS["victim"])
    if not name.strip() and "name" not in read.errors:
        read.fail("name", _("This field is required."))
    needs = read.payload.get("needs") or []
    codes = [code for code, _label in Referral.Need.choices]
    if not isinstance(needs, list) or any(not isinstance(n, dict) or n.get("need") not in codes for n in needs):
        read.fail("needs", _("Each need is one of: %(codes)s.") % {"codes": ", ".join(codes)})
    else:
        _nested_unknown(read, "needs", needs, NEED_KEYS)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        assert area is not None
        victim = assistance.register_victim(
            user,
            organisation=report.organisation,
            admin_area=area,
            sex=sex,
            birth_year=birth_year,
            name=name,
            contact=contact,
            medical=medical,
        )
        for need in needs:
            assistance.refer(
                user,
                victim,
                need=need["need"],
                institution=str(need.get("institution", ""))[:200],
                referred_on=report.date_of_information,
            )
        return {"victim": victim.pk}

    return apply


# Report kind -> reader of its content; a new kind adds one function here.
KINDS: dict[str, Callable[[Reader, Any], Apply]] = {
    "hazard": _hazard_report,
    "progress": _progress_report,
    "completion": _completion_report,
    "spot_task": _spot_task,
    "accident": _accident_report,
    "eore": _eore_report,
    "victim": _victim_report,
}
NEEDS_HAZARD = {"progress", "completion"}


def report_kind(name: str) -> Callable[[Callable[[Reader, Any], Apply]], Callable[[Reader, Any], Apply]]:
    """Register the reader of a report kind that lives in another app (its `reports.py`)."""

    def add(reader: Callable[[Reader, Any], Apply]) -> Callable[[Reader, Any], Apply]:
        if name in KINDS:
            raise ValueError(f"report kind {name!r} registered twice")
        KINDS[name] = reader
        return reader

    return add


def check(report: Any) -> Apply:
    """Validate the report (every problem at once); return what applies it as a user."""
    return check_with(Reader(report.payload), report)


def check_with(read: Reader, report: Any) -> Apply:
    if report.kind in NEEDS_HAZARD and report.hazard is None:
        read.fail("hazard", _("Name the hazardous area this report is about."))
    return KINDS[report.kind](read, report)


# Keys read outside the kind's reader: OpenRosa media names (any kind); a GeoPackage edit's origin
# (the area version it was made on, and which file and feature) on an area change or cancellation.
GEOPACKAGE_KEYS = frozenset({"version", "geopackage"})
KNOWN_ELSEWHERE: dict[str, frozenset[str]] = {"hazard": GEOPACKAGE_KEYS, "progress": GEOPACKAGE_KEYS}
ATTACHMENTS = "attachments"


def refuse_unknown_keys(report: Any, also: Iterable[str] = ()) -> None:
    """Refuse, naming each, the payload keys the kind's reader never asks about: a key nobody reads
    would be stored (unsealed, if personal) and shown as sent. `also`: keys a source knows besides
    (an XForm's own answers). Runs the reader on a copy; its other complaints wait for submission."""
    payload = report.payload
    if not isinstance(payload, dict):
        raise ActionError(_("payload must be an object."), field="payload")
    read = Reader(copy.deepcopy(payload))
    with contextlib.suppress(ActionError):
        check_with(read, report)
    known = read.payload.asked | KNOWN_ELSEWHERE.get(report.kind, frozenset()) | {ATTACHMENTS} | set(also)
    message = _("Unknown field %(key)s for this kind of report.")
    unknown = {key: [message % {"key": key}] for key in sorted(set(payload) - known)} | read.unknown
    if unknown:
        raise ActionError(unknown)


def report_geometry(report: Any) -> Any:
    """The polygon a report carries, for maps and overlap checks (None if it has none or is unreadable)."""
    read = Reader(report.payload)
    geom = read.geometry(required=False)
    return None if read.errors else geom
