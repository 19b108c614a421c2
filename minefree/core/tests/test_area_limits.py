"""A grant limited to some admin areas reaches no row outside them, whatever the record type or the
way in: `restrict`, the record list and page, the API list and detail, the export and the dashboard.

Where a row lies is read here from the schema, not from the model's `area_path`: every admin area
the row reaches through its links (a non-conformity through its visit's hazardous area), so a model
whose `area_path` is missing or wrong fails.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from minefree.core.permissions import Action
from minefree.core.registry import REGISTRY
from minefree.dashboards import nmac, pillar_blocks
from minefree.gazetteer.models import AdminArea
from minefree.quality.models import Inspection, MonitoringVisit, NonConformity

KHATLON = "npa.khatlon"  # NPA data clerk whose grant holds in the Khatlon region only
REGION = "TJ-KT"

# Restricted models with no admin area of their own, read whole by an area-limited grant. Each says why.
AREA_FREE = {
    "organisations.Organisation": "reference data: the operators and agencies",
    "organisations.Team": "reference data: an organisation's teams work wherever it is tasked",
    "organisations.Asset": "reference data: an organisation's equipment",
    "gazetteer.Country": "reference data: the gazetteer",
    "gazetteer.AdminArea": "reference data: the gazetteer (the areas themselves)",
    "gazetteer.Place": "reference data: the gazetteer's place names",
    "quality.Accreditation": "of an organisation or team, national, about no place",
    "funding.Funding": "national funding by donor and year, about no place",
    "reporting.TreatyReport": "the national treaty report",
}
# Links through which a row does not lie somewhere: who, not where.
NOT_PLACES = {"organisations.organisation", "organisations.team", "contenttypes.contenttype", "gazetteer.country"}


def area_paths(model: type[models.Model]) -> tuple[str, ...]:
    path = getattr(model, "area_path", None)
    return () if not path else (path,) if isinstance(path, str) else tuple(path)


def restricted_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if hasattr(m._default_manager, "restrict")]


def test_every_restricted_model_says_where_its_rows_lie():
    """A new restricted model fails here until it declares `area_path` (or its own rules), or is
    added to AREA_FREE with the reason it is about no place."""
    undeclared = [
        m._meta.label
        for m in restricted_models()
        if not area_paths(m) and not hasattr(m, "restriction_rules") and m._meta.label not in AREA_FREE
    ]
    assert undeclared == []
    assert all(apps.get_model(label) for label in AREA_FREE)


def test_every_area_path_leads_to_an_admin_area():
    for model in restricted_models():
        for path in area_paths(model):
            target: Any = model
            for part in path.split("__"):
                target = target._meta.get_field(part).related_model
            assert target is AdminArea, (model._meta.label, path)


def place_lookups(model: type[models.Model], prefix: str = "", depth: int = 6) -> Iterator[str]:
    """Every forward link chain from `model` to an admin area (not through organisations or people)."""
    if depth == 0:
        return
    for field in model._meta.concrete_fields:
        related = field.related_model
        if not field.is_relation or related is None or related._meta.label_lower in NOT_PLACES:
            continue
        if related is get_user_model():
            continue
        if related is AdminArea:
            yield f"{prefix}{field.name}"
        elif related is not model:
            yield from place_lookups(related, f"{prefix}{field.name}__", depth - 1)


def outside(model: type[models.Model]) -> set[int]:
    """Rows that reach some admin area and none in the region."""
    lookups = list(place_lookups(model))
    if not lookups or model is AdminArea:
        return set()
    columns = [c for lookup in lookups for c in (f"{lookup}__code", f"{lookup}__parent__code")]
    found = set()
    for pk, *codes in model._default_manager.values_list("pk", *columns):
        known = [c for c in codes if c]
        if known and REGION not in known:
            found.add(pk)
    return found


def inside(model: type[models.Model]) -> set[int]:
    lookups = list(place_lookups(model))
    columns = [c for lookup in lookups for c in (f"{lookup}__code", f"{lookup}__parent__code")]
    return {pk for pk, *codes in model._default_manager.values_list("pk", *columns) if REGION in codes}


def test_restrict_shows_an_area_limited_clerk_no_row_outside_its_area(db, user):
    clerk = user(KHATLON)
    leaks = {}
    checked = 0
    for model in restricted_models():
        far = outside(model)
        checked += bool(far)
        seen = set(model._default_manager.restrict(clerk, Action.VIEW).filter(pk__in=far).values_list("pk", flat=True))
        if seen:
            leaks[model._meta.label] = len(seen)
    assert leaks == {}
    assert checked >= 10  # the demo has rows outside Khatlon for most record types


@pytest.mark.parametrize("slug", sorted(REGISTRY))
def test_no_record_type_shows_an_area_limited_clerk_a_row_outside_its_area(db, persona, slug):
    record_type = REGISTRY[slug]
    model = record_type.model
    far = outside(model)
    if not far:
        pytest.skip(f"no {slug} outside {REGION} in the demo")
    clerk = persona(KHATLON)
    listed = clerk.get(f"/api/v1/{slug}/?page_size=1000")
    assert listed.status_code == 200
    assert not {row["id"] for row in listed.json()["results"]} & far
    page = clerk.get(f"/records/{slug}/").content.decode()
    assert not [pk for pk in far if f'/records/{slug}/{pk}/"' in page]
    for pk in sorted(far)[:3]:
        assert clerk.get(f"/records/{slug}/{pk}/").status_code == 404, (slug, pk)
        assert clerk.get(f"/api/v1/{slug}/{pk}/").status_code == 404, (slug, pk)
    if getattr(model, "data_class", "record") != "personal":
        exported = b"".join(clerk.post(f"/exports/{slug}/", {"fmt": "csv"}).streaming_content).decode()
        ids = {int(row["id"]) for row in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))}
        assert not ids & far


def test_the_quality_findings_chart_counts_only_the_clerks_area(db, user):
    clerk = user(KHATLON)
    mine = nmac.block("quality-findings", clerk)
    expected = pillar_blocks.quality_findings(
        MonitoringVisit.objects.filter(pk__in=inside(MonitoringVisit)),
        Inspection.objects.filter(pk__in=inside(Inspection)),
        NonConformity.objects.filter(pk__in=inside(NonConformity)),
    )
    assert mine is not None and mine.rows == expected.rows
    assert mine.rows != nmac.block("quality-findings", user("npa.clerk")).rows
