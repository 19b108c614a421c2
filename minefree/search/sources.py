"""What the global search looks in: one query per group, each read through `restrict`.

Every group asks the database for at most `LIMIT + 1` rows (the extra one only says "more"), and
reads plain values, never related rows one by one, so a search costs the same few queries whatever
it finds. Matching is a substring of the lower-cased field (`Lowered`); Django escapes `%`, `_`
and `\\` in the term, so they match themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KT
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minefree.core.permissions import Action
from minefree.core.registry import REGISTRY
from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.models import AdminArea, Country, Place, localized
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation
from minefree.search.lowered import Lowered

LIMIT = 10  # results shown per group
MAX_LENGTH = 100  # longer input is cut here: no name or reference is that long
SEARCHED_FIELDS = ("reference", "name")  # a registered record type is searched by those it has


@dataclass
class Hit:
    label: str
    url: str
    detail: str = ""


@dataclass
class Group:
    key: str
    title: Any
    hits: list[Hit] = field(default_factory=list)
    more_url: str = ""  # the full list, filtered, when there are more than LIMIT


def _other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != "en"]


def matching(qs: QuerySet[Any], fields: Iterable[Any], term: str) -> QuerySet[Any]:
    """`qs` limited to rows where any of `fields` (names or expressions) contains `term`, any case."""
    annotations = {f"search_{i}": Lowered(f) for i, f in enumerate(fields)}
    clause = Q()
    for name in annotations:
        clause |= Q(**{f"{name}__contains": term})
    return qs.annotate(**annotations).filter(clause)


def _rows(qs: QuerySet[Any], *values: str) -> tuple[list[dict[str, Any]], bool]:
    rows = list(qs.values(*values)[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def _with_query(url: str, **params: Any) -> str:
    return f"{url}?{urlencode(params)}"


def _place_name(name: str, names: Any) -> str:
    """The name in the reader's language, with the recorded one beside it when they differ."""
    shown = localized(name, names)
    return shown if shown == name else f"{shown} ({name})"


def hazards(user: Any, q: str, term: str) -> Group:
    group = Group("hazards", _("Hazardous areas"))
    qs = matching(HazardArea.objects.restrict(user, Action.VIEW), ("reference", "name"), term).order_by("reference")
    rows, more = _rows(qs, "pk", "reference", "name", "admin_area__name", "admin_area__names")
    for row in rows:
        area = localized(row["admin_area__name"], row["admin_area__names"]) if row["admin_area__name"] else ""
        group.hits.append(Hit(f"{row['reference']} · {row['name']}", reverse("hazards:detail", args=[row["pk"]]), area))
    if more:
        group.more_url = _with_query(reverse("hazards:list"), q=q)
    return group


def field_reports(user: Any, q: str, term: str) -> Group:
    group = Group("field-reports", _("Field reports"))
    qs = matching(FieldReport.objects.restrict(user, Action.VIEW), ("reference",), term).order_by("-pk")
    rows, _more = _rows(qs, "pk", "reference", "kind", "organisation__acronym")
    kinds = dict(FieldReport._meta.get_field("kind").flatchoices)
    for row in rows:
        detail = f"{kinds.get(row['kind'], row['kind'])} · {row['organisation__acronym'] or ''}".strip(" ·")
        group.hits.append(Hit(row["reference"], reverse("fieldwork:detail", args=[row["pk"]]), str(detail)))
    return group


def registered(slug: str) -> Callable[[Any, str, str], Group]:
    """A group for one registered record type, searched by its reference and/or name."""
    record_type = REGISTRY[slug]

    def search(user: Any, q: str, term: str) -> Group:
        model = record_type.model
        fields = [name for name in SEARCHED_FIELDS if name not in record_type.hidden and _has(model, name)]
        group = Group(f"records-{slug}", str(record_type.title).capitalize())
        qs = matching(model.objects.restrict(user, Action.VIEW), fields, term).order_by("-pk")  # type: ignore[attr-defined]
        rows, _more = _rows(qs, "pk", *fields)
        for row in rows:
            label = " · ".join(str(row[name]) for name in fields if row[name])
            group.hits.append(Hit(label, reverse("records:detail", args=[slug, row["pk"]])))
        return group

    return search


def _has(model: Any, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def searchable_record_types() -> list[str]:
    return sorted(
        slug
        for slug, record_type in REGISTRY.items()
        if any(_has(record_type.model, name) and name not in record_type.hidden for name in SEARCHED_FIELDS)
    )


def admin_areas(user: Any, q: str, term: str) -> Group:
    group = Group("areas", _("Regions and districts"))
    names = [KT(f"names__{code}") for code in _other_languages()]
    qs = matching(AdminArea.objects.restrict(user, Action.VIEW), ("name", "code", *names), term)
    rows, _more = _rows(qs.order_by("level", "name"), "pk", "name", "names", "parent__name", "parent__names")
    for row in rows:
        parent = localized(row["parent__name"], row["parent__names"]) if row["parent__name"] else ""
        url = _with_query(reverse("hazards:list"), admin_area=row["pk"])
        group.hits.append(Hit(_place_name(row["name"], row["names"]), url, parent))
    return group


def countries(user: Any, q: str, term: str) -> Group:
    group = Group("countries", _("Countries"))
    names = [KT(f"names__{code}") for code in _other_languages()]
    qs = matching(Country.objects.restrict(user, Action.VIEW), ("name", "code", *names), term).order_by("name")
    rows, _more = _rows(qs, "pk", "name", "names")
    for row in rows:
        group.hits.append(Hit(_place_name(row["name"], row["names"]), reverse("hazards:map")))
    return group


def places(user: Any, q: str, term: str) -> Group:
    group = Group("places", _("Places"))
    qs = matching(Place.objects.restrict(user, Action.VIEW), ("name",), term).order_by("name")
    rows, _more = _rows(qs, "pk", "name", "kind", "admin_area", "admin_area__name", "admin_area__names")
    for row in rows:
        if row["admin_area"]:
            url = _with_query(reverse("hazards:list"), admin_area=row["admin_area"])
            area = localized(row["admin_area__name"], row["admin_area__names"])
        else:
            url, area = reverse("hazards:map"), ""
        group.hits.append(Hit(row["name"], url, area))
    return group


def organisations(user: Any, q: str, term: str) -> Group:
    group = Group("organisations", _("Organisations"))
    qs = matching(Organisation.objects.restrict(user, Action.VIEW), ("acronym", "name"), term).order_by("acronym")
    rows, _more = _rows(qs, "pk", "acronym", "name", "kind")
    kinds = dict(Organisation.Kind.choices)
    for row in rows:
        if row["kind"] == Organisation.Kind.OPERATOR:  # an operator's hazardous areas
            url = _with_query(reverse("hazards:list"), operator=row["pk"])
        else:  # anyone else's teams and assets start from its teams
            url = _with_query(reverse("records:list", args=["teams"]), organisation=row["pk"])
        group.hits.append(Hit(f"{row['acronym']} · {row['name']}", url, str(kinds.get(row["kind"], ""))))
    return group


def sources() -> list[Callable[[Any, str, str], Group]]:
    return [
        hazards,
        field_reports,
        admin_areas,
        places,
        countries,
        organisations,
        *(registered(slug) for slug in searchable_record_types()),
    ]


def search(user: Any, q: str) -> list[Group]:
    """The groups with at least one hit for `q` (already cut to MAX_LENGTH), in a fixed order."""
    term = q.lower()
    if not term:
        return []
    return [group for source in sources() if (group := source(user, q, term)).hits]
