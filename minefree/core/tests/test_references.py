"""References come from a counter row per prefix: numbering goes on where it was, and a write that
rolls back gives its number back. (Creation at the same instant: hazards/tests/test_write_races.py.)"""

import importlib

import pytest
from django.apps import apps
from django.db import transaction

from minefree.core.models import ReferenceCounter
from minefree.core.references import highest_number
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.helpers import new_hazard

seed_counters = importlib.import_module("minefree.core.migrations.0003_reference_counter").seed_counters


def test_the_migration_starts_each_counter_at_its_highest_reference(db):
    highest = highest_number(HazardArea, "TJK-HA-")
    assert highest > 0  # the demo's areas
    ReferenceCounter.objects.all().delete()
    seed_counters(apps, None)
    assert ReferenceCounter.objects.get(prefix="TJK-HA-").last == highest
    assert ReferenceCounter.objects.filter(prefix__endswith="-FR-").exists()


def test_a_prefix_without_a_counter_goes_on_after_its_highest_reference(user):
    ReferenceCounter.objects.filter(prefix="TJK-HA-").delete()
    highest = highest_number(HazardArea, "TJK-HA-")
    assert new_hazard(user("tnmac.im")).reference == f"TJK-HA-{highest + 1:06d}"


def test_a_creation_that_rolls_back_gives_its_number_back(user):
    im = user("tnmac.im")
    first = new_hazard(im).reference
    with pytest.raises(RuntimeError), transaction.atomic():
        new_hazard(im, lon=69.62)
        raise RuntimeError("the write fails after taking its number")
    assert int(new_hazard(im, lon=69.64).reference[-6:]) == int(first[-6:]) + 1
