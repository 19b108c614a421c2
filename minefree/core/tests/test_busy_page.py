"""A write that loses its turn for the database is a 503 "send it again", never a 500, on pages too."""

from __future__ import annotations

from typing import Any

from django.db import OperationalError

from minefree.hazards import actions
from minefree.hazards.models import HazardArea
from minefree.hazards.tests.test_views import form


def _locked(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("database is locked")


def test_a_page_write_that_loses_the_lock_answers_busy(persona: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(actions, "create_hazard_area", _locked)
    typed = "40.66, 69.66\n40.66, 69.662\n40.662, 69.662\n40.662, 69.66"
    page = persona("tnmac.im").post("/hazards/new/", form(coordinates=typed))
    assert page.status_code == 503 and page["Retry-After"] == "2"
    assert "Send it again" in page.content.decode()
    assert not HazardArea.objects.filter(name="Web field").exists()
