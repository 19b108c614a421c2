"""What every legacy import target does with its mapped rows: read them by the questions the forms
ask (the same messages a form shows), find what they name once per batch, and write in bulk.

A target (`hazards/legacy_release.py`, `casualties/legacy.py`, ...) adds its own rules between
fields; the reading, the look-ups and the bulk writes live here so each stays short.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core import audit
from minefree.core.dates import day_problem, today
from minefree.core.geometry import as_multipolygon, check_polygon
from minefree.core.permissions import Action, assert_may_add
from minefree.core.references import next_references
from minefree.fieldwork.declare import Question
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards.models import HazardArea
from minefree.legacy import external_ids
from minefree.legacy.targets import Context, Counts, Row, Target
from minefree.organisations.models import Organisation, Team

Problems = list[tuple[Row, str, str]]
YES = {"1", "true", "yes", "y", "on", "да", "ҳа"}
NO = {"", "0", "false", "no", "n", "off", "нет", "не"}

# The fields an import needs that a report does not ask: a report knows its organisation and date.
ORGANISATION = Question(
    "organisation",
    "text",
    gettext_lazy("Organisation"),
    max_length=200,
    help=gettext_lazy("Its acronym or full name, as MineFree knows it."),
)


def day_question(name: str, label: Any) -> Question:
    return Question(name, "day", label)


def read_rows(questions: Sequence[Question], rows: Sequence[Row]) -> tuple[dict[int, dict[str, Any]], Problems]:
    """Each row's values read by the questions (row number -> name -> clean value) and every problem
    with a value on its own: required, length, choice, range, date, geometry shape."""
    clean: dict[int, dict[str, Any]] = {}
    problems: Problems = []
    now = today()  # the home country's today, read once for the batch
    for row in rows:
        values: dict[str, Any] = {}
        for question in questions:
            value, messages = read_value(question, row.values.get(question.name), now)
            values[question.name] = value
            problems += [(row, question.name, message) for message in messages]
        clean[row.number] = values
    return clean, problems


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_value(q: Question, value: Any, now: dt.date | None = None) -> tuple[Any, list[str]]:
    """One value as the question reads it, and what is wrong with it (Reader's messages)."""
    if q.type == "flag":
        return _flag(value)
    if _empty(value):
        empty = "" if q.type in {"text", "long_text"} else q.default  # a blank text field is "", not NULL
        return empty, ([_("This field is required.")] if q.required else [])
    if q.type in {"text", "long_text", "district", "team"}:
        text = str(value).strip()
        if len(text) > q.max_length:
            return None, [_("At most %(n)s characters.") % {"n": q.max_length}]
        return text, []
    if q.type == "choice":
        codes = [code for code, _label in q.choices]
        if str(value) not in codes:
            return None, [_("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}]
        return str(value), []
    if q.type == "day":
        return _day(value, now)
    if q.type in {"count", "record"}:
        return _number(value, q.low, q.high)
    if q.type == "amount":
        return _amount(value, q.high)
    if q.type in {"polygon", "point", "line"}:
        return _geometry(value, q.type)
    return None, [_("This field cannot be imported.")]


def _flag(value: Any) -> tuple[bool | None, list[str]]:
    if value is None or isinstance(value, bool):
        return bool(value), []
    text = str(value).strip().lower()
    if text in YES or text in NO:
        return text in YES, []
    return None, [_("%(value)s is not yes or no.") % {"value": str(value)[:40]}]


def _day(value: Any, now: dt.date | None) -> tuple[dt.date | None, list[str]]:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            return None, [_("%(value)s is not a date like 2024-05-20.") % {"value": str(value)[:40]}]
    problem = day_problem(value, now)
    return (None, [problem]) if problem else (value, [])


def _number(value: Any, low: int, high: int) -> tuple[int | None, list[str]]:
    try:
        if isinstance(value, bool) or (isinstance(value, float | Decimal) and value != int(value)):
            raise ValueError
        number = int(value)
    except (TypeError, ValueError, OverflowError, InvalidOperation):
        return None, [_("%(value)s is not a whole number.") % {"value": str(value)[:40]}]
    if not low <= number <= high:
        return None, [_("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}]
    return number, []


def _amount(value: Any, high: int) -> tuple[Decimal | None, list[str]]:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal(0)
    if not amount.is_finite() or amount <= 0 or amount >= high:
        return None, [_("Give an amount above 0 and below %(high)s, e.g. 125000.") % {"high": high}]
    return amount, []


GEOMETRY_TYPES = {"polygon": ("Polygon", "MultiPolygon"), "point": ("Point",), "line": ("LineString",)}


def _geometry(value: Any, kind: str) -> tuple[GEOSGeometry | None, list[str]]:
    if not isinstance(value, GEOSGeometry):
        return None, [_("Not a readable geometry (GeoJSON or WKT): %(reason)s") % {"reason": str(value)[:40]}]
    if value.srid is None:
        value.srid = 4326
    elif value.srid != 4326:
        value = value.transform(4326, clone=True)
    wanted = GEOMETRY_TYPES[kind]
    if value.geom_type not in wanted:
        return None, [_("Expected a %(kind)s, got a %(got)s.") % {"kind": wanted[0], "got": value.geom_type}]
    if kind != "polygon":
        return value, []
    problems = check_polygon(value).errors
    return (None, problems) if problems else (as_multipolygon(value), [])


# -- what rows name, looked up once per file or batch -------------------------------------------


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


# -- writing --------------------------------------------------------------------------------------


def may_add(user: Any, model: type[models.Model], organisation: Organisation | None, area: Any) -> str | None:
    """Why `user` may not add this record (the permission place's answer), or None."""
    try:
        assert_may_add(user, model, organisation.pk if organisation else None, area)
    except PermissionDenied as exc:
        return str(exc)
    return None


def changeable(user: Any, model: type[models.Model], pks: Iterable[int]) -> dict[int, Any]:
    """The records an earlier import made that `user` may change, locked; PermissionDenied if any is not."""
    wanted = set(pks)
    if not wanted:
        return {}
    found = model._default_manager.filter(pk__in=wanted).restrict(user, Action.CHANGE)  # type: ignore[attr-defined]
    records = {r.pk: r for r in found.select_for_update()}
    if set(records) != wanted:
        raise PermissionDenied(_("You may not change some records an earlier import made from this file."))
    return records


def create(
    user: Any, action: str, objs: list[Any], pairs: list[Row], after: Callable[[Any], dict[str, Any]] | None = None
) -> list[Any]:
    """Insert new records in one statement, keep their external ids, audit each as `action` does
    (`after`: what the audit keeps of a record, its snapshot by default)."""
    if not objs:
        return []
    made = type(objs[0])._default_manager.bulk_create(objs)
    external_ids.remember(type(objs[0]), zip(pairs, [o.pk for o in made], strict=True))
    audit.record_many(user, action, ((o, None, (after or audit.snapshot)(o), "") for o in made))
    return made


def update(user: Any, action: str, changes: list[tuple[Any, dict[str, Any]]], hidden: tuple[str, ...] = ()) -> Counts:
    """Set the fields that differ on records an earlier import made; unchanged ones stay as they are.
    `hidden`: sealed fields the audit never keeps, not even as ciphertext."""
    counts = Counts()
    changed: list[tuple[Any, dict[str, Any], dict[str, Any]]] = []
    names: set[str] = set()
    for record, values in changes:
        before = audit.snapshot(record)
        differs = {k: v for k, v in values.items() if _differs(getattr(record, k), v)}
        if not differs:
            counts.unchanged += 1
            continue
        for name, value in differs.items():
            setattr(record, name, value)
        record.version += 1
        record.updated_at = timezone.now()  # bulk_update leaves auto_now alone
        names |= set(differs)
        changed.append((record, before, audit.snapshot(record)))
    if changed:
        model = type(changed[0][0])
        model._default_manager.bulk_update([r for r, _b, _a in changed], [*names, "version", "updated_at"])

        def public(snapshot: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in snapshot.items() if k not in hidden}

        audit.record_many(user, action, ((r, public(b), public(a), "") for r, b, a in changed))
        counts.updated = len(changed)
    return counts


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, GEOSGeometry) and isinstance(new, GEOSGeometry):
        return not current.equals_exact(new, 1e-9)
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        return getattr(current, "pk", current) != getattr(new, "pk", new)
    return bool(current != new)


def with_boundaries(areas: Iterable[AdminArea | None]) -> None:
    """Read the boundaries of the batch's districts in one query (the file's look-up left them out)."""
    missing = {a.pk: a for a in areas if a is not None and "boundary" in a.get_deferred_fields()}
    if missing:
        for pk, boundary in AdminArea.objects.filter(pk__in=missing).values_list("pk", "boundary"):
            missing[pk].boundary = boundary


def not_allowed(
    user: Any,
    model: type[models.Model],
    rows: Sequence[Row],
    known: dict[int, int],
    owner: Callable[[Row], tuple[Organisation | None, AdminArea | None] | None],
) -> Problems:
    """Rows `user` may not write: a new record they may not add (`owner`: its organisation and area,
    or None when the row is too broken to tell), or a record an earlier import made they may not change."""
    problems: Problems = []
    allowed = set(
        model._default_manager.filter(pk__in=set(known.values()))  # type: ignore[attr-defined]
        .restrict(user, Action.CHANGE)
        .values_list("pk", flat=True)
    )
    for row in rows:
        if row.number in known:
            if known[row.number] not in allowed:
                problems.append((row, "organisation", _("You may not change the record an earlier import made.")))
            continue
        given = owner(row)
        refusal = may_add(user, model, *given) if given is not None else None
        if refusal:
            problems.append((row, "organisation", refusal))
    return problems


def refuse(problems: Problems) -> None:
    """A batch reached `write` with problems its check finds now (the data moved meanwhile): refuse it
    whole, naming the first rows, so the import's transaction writes nothing."""
    if problems:
        from minefree.core.errors import ActionError

        raise ActionError({f"row {row.number}: {field}": [message] for row, field, message in problems[:20]})


def references(model: type[models.Model], prefix_of: dict[int, str]) -> dict[int, str]:
    """Row number -> a new reference under that row's prefix ("TJK-EORE-"), a block per prefix."""
    given: dict[int, str] = {}
    for prefix in sorted(set(prefix_of.values())):
        numbers = [n for n, p in prefix_of.items() if p == prefix]
        given |= dict(zip(numbers, next_references(model, prefix, len(numbers)), strict=True))
    return given


@dataclasses.dataclass
class Item:
    """One row read: its clean values (names the model's fields, related records resolved)."""

    row: Row
    values: dict[str, Any]
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)  # what the row gives besides the record's fields


class BulkTarget(Target):
    """A target whose rows each make one record with a reference: `read` them, and the rest (duplicates,
    permissions, references, bulk create and update, external ids, audit) is the same for all."""

    create_action: str  # the audit's name for a new record, as the app's named action calls it
    update_action: str
    prefix: str  # the reference's kind: "EORE" gives TJK-EORE-000001; "" for a record with no reference
    hidden: tuple[str, ...] = ()  # sealed fields the audit never keeps

    def read(self, rows: Sequence[Row], context: Context) -> tuple[list[Item], Problems]:
        raise NotImplementedError

    def owner(self, item: Item) -> tuple[Organisation | None, AdminArea | None]:
        return item.values.get("organisation"), item.values.get("admin_area")

    def country_code(self, item: Item) -> str:
        return str(item.values["admin_area"].country.code)

    def build(self, item: Item, reference: str) -> models.Model:
        return self.model(reference=reference, **item.values) if reference else self.model(**item.values)

    def changes(self, item: Item, record: Any) -> dict[str, Any]:
        """The values to compare with (and set on) a record an earlier import made from this row."""
        return item.values

    def audited(self, record: Any, context: Context) -> dict[str, Any]:
        """What the audit keeps of a new record."""
        return audit.snapshot(record)

    def created(self, made: list[tuple[Item, Any]], context: Context) -> None:
        """What else a new record brings (an accident's casualties), before it is audited."""

    def updated(self, pairs: list[tuple[Item, Any]], context: Context) -> None:
        """What else an updated record brings (casualties added since); nothing by default."""

    def _checked(self, rows: Sequence[Row], context: Context) -> tuple[list[Item], dict[int, int], Problems]:
        items, problems = self.read(rows, context)
        by_number = {item.row.number: item for item in items}
        known = external_ids.known(self.model, rows)
        problems += self.refused(context, rows, known, by_number)
        return items, known, problems

    def refused(self, context: Context, rows: Sequence[Row], known: dict[int, int], items: dict[int, Item]) -> Problems:
        """Rows the importing user may not write (the permission place decides; an app with its own
        capability, such as quality assurance, says so here)."""
        return not_allowed(
            context.user,
            self.model,
            rows,
            known,
            lambda row: self.owner(items[row.number]) if row.number in items else None,
        )

    def earlier(self, context: Context, pks: Iterable[int]) -> dict[int, Any]:
        """The records earlier imports made from this batch's rows, locked, that the user may change."""
        return changeable(context.user, self.model, pks)

    def gate(self, context: Context) -> str | None:
        """Why the importing user may import none of these records (then the only problem, on row 0)."""
        return None

    def check(self, rows: Sequence[Row], context: Context) -> Problems:
        refusal = self.gate(context)
        if refusal:
            return [(Row(0, {}), "", refusal)]
        _items, _known, problems = self._checked(rows, context)
        return problems + duplicates(self.name, rows, context)

    def write(self, rows: Sequence[Row], context: Context) -> Counts:
        refusal = self.gate(context)
        if refusal:
            raise PermissionDenied(refusal)
        items, known, problems = self._checked(rows, context)
        refuse(problems)
        new = [item for item in items if item.row.number not in known]
        prefixes = {i.row.number: f"{self.country_code(i)}-{self.prefix}-" for i in new} if self.prefix else {}
        given = references(self.model, prefixes)
        objs = [self.build(i, given.get(i.row.number, "")) for i in new]
        made = self.model._default_manager.bulk_create(objs) if objs else []
        external_ids.remember(self.model, zip([i.row for i in new], [o.pk for o in made], strict=True))
        self.created(list(zip(new, made, strict=True)), context)
        audit.record_many(context.user, self.create_action, ((o, None, self.audited(o, context), "") for o in made))
        records = self.earlier(context, known.values())
        pairs = [(item, records[known[item.row.number]]) for item in items if item.row.number in known]
        counts = update(context.user, self.update_action, [(r, self.changes(i, r)) for i, r in pairs], self.hidden)
        self.updated(pairs, context)
        counts.created = len(made)
        return counts


def may_change(user: Any, model: type[models.Model], pks: Iterable[int]) -> set[int]:
    """Which of these records `user` may change (a hazard that land release or a find changes)."""
    wanted = set(pks)
    if not wanted:
        return set()
    return set(
        model._default_manager.filter(pk__in=wanted)  # type: ignore[attr-defined]
        .restrict(user, Action.CHANGE)
        .values_list("pk", flat=True)
    )
