"""Detail and history pages name fields by their labels and values in words, never by names or codes.

Each registered record type's detail and history page, and a hazardous area's, is read as people see it:
no word of the page may be a snake_case name (`admin_area`, `ap_mines`, `update_hazard_area`), and no
value cell may hold a choice's code where the choice has a label ("CHA"), nor True or False.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models

from minefree.core import audit
from minefree.core.permissions import Action
from minefree.core.registry import REGISTRY
from minefree.core.tests.visible_text import snake_words, values_in, visible
from minefree.hazards.models import HazardArea, HazardAreaState, LandReleaseActivity, OrdnanceFind

IM = "tnmac.im"


def codes(*models_: type[models.Model]) -> set[str]:
    """Every choice code that differs from its label, and the raw booleans."""
    found = {"True", "False", "None"}
    for model in models_:
        for field in model._meta.concrete_fields:
            found |= {str(code) for code, label in field.flatchoices if str(code) != str(label)}
    return found


def edited(obj: models.Model) -> dict[str, Any]:
    """The snapshot `obj` would have had before an edit of its coded, yes/no and date fields."""
    before = audit.snapshot(obj)
    for field in obj._meta.concrete_fields:
        value = before.get(field.name)
        if field.choices:
            before[field.name] = next(str(c) for c, _label in field.flatchoices if str(c) != str(value))
        elif isinstance(field, models.BooleanField):
            before[field.name] = not value
        elif isinstance(field, models.DateField) and value:
            before[field.name] = "2001-02-03"
    return before


def with_history(obj: models.Model, user: Any) -> None:
    """A creation and an edit of `obj` in its audit trail, as the named actions write them."""
    audit.record(user, "record_asset", obj, None, audit.snapshot(obj))
    audit.record(user, "set_asset_status", obj, edited(obj), audit.snapshot(obj))


def assert_in_words(html: str, forbidden_codes: set[str]) -> None:
    text, cells = visible(html)
    assert snake_words(text) == set(), "internal names shown on the page"
    raw = {value for cell in cells for value in values_in(cell) if value in forbidden_codes}
    assert raw == set(), "codes shown where their labels belong"


@pytest.mark.parametrize("slug", sorted(REGISTRY))
def test_a_record_reads_in_words_on_its_detail_and_history_pages(persona, user, slug):
    record_type = REGISTRY[slug]
    im = user(IM)
    obj = record_type.model.objects.restrict(im, Action.VIEW).order_by("pk").first()
    assert obj is not None, f"the demo has no {slug}"
    with_history(obj, im)
    children = [getattr(obj, name).model for name in record_type.children]
    forbidden = codes(record_type.model, *children)
    client = persona(IM)
    detail = client.get(f"/records/{slug}/{obj.pk}/")
    assert detail.status_code == 200
    assert_in_words(detail.content.decode(), forbidden)
    page = client.get(f"/records/{slug}/{obj.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert_in_words(html, forbidden)
    for field in record_type.model._meta.concrete_fields:
        if field.choices and field.name not in record_type.hidden:
            assert str(field.verbose_name).capitalize() in html  # the edit's coded field, by its label


def test_a_hazardous_area_reads_in_words_on_its_detail_and_history_pages(persona, user):
    im = user(IM)
    hazard = (
        HazardArea.objects.restrict(im)
        .filter(pk__in=LandReleaseActivity.objects.restrict(im).values("hazard"))
        .filter(pk__in=OrdnanceFind.objects.restrict(im).values("hazard"))
        .order_by("pk")
        .first()
    )
    assert hazard is not None
    with_history(hazard, im)
    forbidden = codes(HazardArea, HazardAreaState, LandReleaseActivity, OrdnanceFind)
    client = persona(IM)
    detail = client.get(f"/hazards/{hazard.pk}/").content.decode()
    assert_in_words(detail, forbidden)
    history = client.get(f"/hazards/{hazard.pk}/history/").content.decode()
    assert_in_words(history, forbidden)
    _text, cells = visible(history)
    assert "Contamination: Anti-personnel mines → Anti-personnel mines" not in cells  # a change, not a no-op
    assert any(c.startswith("Contamination: ") for c in cells)
    assert "Recorded the hazardous area" in cells  # the cause of its first state, in words
