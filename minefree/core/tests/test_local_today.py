""" "Today" is the home country's day: at 02:00 in Dushanbe (21:00 UTC the day before) a report dated
that local day is accepted and one dated the next day refused, on every way in."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from minefree.fieldwork.models import FieldReport
from minefree.gazetteer.home import home_time_zone, local_today
from minefree.hazards.tests.helpers import box, new_hazard

pytestmark = pytest.mark.django_db

# 02:00 on 10 March 2026 in Dushanbe (UTC+5) is 21:00 on 9 March in UTC.
NOW = dt.datetime(2026, 3, 9, 21, 0, tzinfo=dt.UTC)
LOCAL_TODAY, LOCAL_TOMORROW = dt.date(2026, 3, 10), dt.date(2026, 3, 11)
SOURCE = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_in_the_morning_in_dushanbe(monkeypatch: Any) -> None:
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def report(day: dt.date, client_id: str) -> dict[str, Any]:
    return {
        "kind": "spot_task",
        "organisation": "NPA",
        "client_id": client_id,
        "date_of_information": day.isoformat(),
        "payload": {"category": "uxo", "ordnance_type": "VOG-17", "quantity": 1, "disposal": "in_situ"},
    }


def test_the_home_country_zone_is_the_default() -> None:
    assert str(home_time_zone()) == "Asia/Dushanbe"


def test_local_today_is_dushanbes_day(two_in_the_morning_in_dushanbe: None) -> None:
    assert local_today() == LOCAL_TODAY


def test_a_report_dated_the_local_today_is_accepted_tomorrow_refused(
    two_in_the_morning_in_dushanbe: None, user: Any
) -> None:
    client = APIClient()
    client.force_authenticate(user("npa.clerk"))
    accepted = client.post("/api/v1/field-reports/", report(LOCAL_TODAY, "dushanbe-1"), format="json")
    assert accepted.status_code == 201, accepted.content
    refused = client.post("/api/v1/field-reports/", report(LOCAL_TOMORROW, "dushanbe-2"), format="json")
    assert refused.status_code == 400 and "is in the future" in refused.content.decode()
    assert not FieldReport.objects.filter(client_id="dushanbe-2").exists()


def test_the_form_proposes_the_local_today(two_in_the_morning_in_dushanbe: None, persona: Any) -> None:
    page = persona("npa.clerk").get("/field-reports/new/spot_task/").content.decode()
    assert f'name="date_of_information" value="{LOCAL_TODAY.isoformat()}"' in page


def test_the_national_record_takes_the_local_today(two_in_the_morning_in_dushanbe: None, user: Any) -> None:
    from minefree.core.errors import ActionError

    im = user("tnmac.im")
    assert new_hazard(im, lon=69.61, lat=40.61, recorded_on=LOCAL_TODAY).recorded_on == LOCAL_TODAY
    with pytest.raises(ActionError, match="in the future"):
        new_hazard(im, lon=69.62, lat=40.62, recorded_on=LOCAL_TOMORROW, geometry=box(69.62, 40.62))


def test_no_code_decides_today_but_local_today() -> None:
    """`timezone.localdate()`, `date.today()` and `now().date()` answer in UTC or the server's zone."""
    allowed = {SOURCE / "gazetteer" / "home.py", SOURCE / "planning" / "engine.py"}  # engine: callers pass today
    found = []
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = node.func.attr
                inner = node.func.value
                if name in ("localdate", "today") or (
                    name == "date" and isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") == "now"
                ):
                    found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert not found, f"use gazetteer.home.local_today() instead: {found}"
