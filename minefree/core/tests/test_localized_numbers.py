"""In Russian and Tajik, date pickers show their dates, an edit saved as shown keeps them, and the
numbers a browser reads (SVG coordinates, number inputs) are never written with a decimal comma."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import REMAINING, HazardArea

pytestmark = pytest.mark.django_db
LANGUAGES = ["ru", "tg"]
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    yield
    translation.activate("en")  # a Russian request leaves the test thread in Russian


class Inputs(HTMLParser):
    """A form's values as a browser sends them: a type=date input holding a non-ISO value sends ''."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, Any] = {}
        self.dates: dict[str, str] = {}
        self.svg_numbers: list[str] = []
        self.number_inputs: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_svg = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "svg":
            self._in_svg = True
        if self._in_svg:
            self.svg_numbers += [a[k] for k in ("x", "y", "x1", "x2", "y1", "y2", "width", "height") if k in a]
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "checkbox"):
            value = a.get("value", "")
            if a.get("type") == "date":
                self.dates[name] = value
                value = value if ISO.fullmatch(value) else ""
            if a.get("type") == "number":
                self.number_inputs[name] = value
            self.values[name] = value
        elif tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.values[name] = a.get("value", "on")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "svg":
            self._in_svg = False

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def read(client: Client, url: str) -> Inputs:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parsed = Inputs()
    parsed.feed(response.content.decode())
    return parsed


def speaking(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def a_draft(day: str = "2024-05-05") -> FieldReport:
    client = APIClient()
    from django.contrib.auth.models import User

    client.force_authenticate(User.objects.get(username="npa.clerk"))
    body = {
        "kind": "spot_task",
        "organisation": "NPA",
        "client_id": f"l10n-{day}",
        "date_of_information": day,
        "payload": {
            "category": "uxo",
            "ordnance_type": "VOG-17",
            "quantity": 1,
            "disposal": "in_situ",
            "disposed_on": "2024-05-06",
            "location": {"type": "Point", "coordinates": [69.6, 40.6]},
        },
    }
    response = client.post("/api/v1/field-reports/", body, format="json")
    assert response.status_code == 201, response.content
    return FieldReport.objects.get(pk=response.json()["id"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_picker_shows_an_iso_date(persona: Any, language: str) -> None:
    hazard = HazardArea.objects.filter(status__in=REMAINING).first()
    assert hazard is not None
    draft = a_draft()
    pages = {
        "tnmac.im": ["/hazards/new/", f"/hazards/{hazard.pk}/edit/", "/disaster/", "/dashboard/publication/"],
        "npa.clerk": [
            *(
                f"/field-reports/new/{kind}/"
                for kind in ("hazard", "progress", "completion", "spot_task", "accident", "eore")
            ),
            f"/field-reports/{draft.pk}/edit/",
        ],
        "tnmac.admin": ["/audit/?date_from=2024-01-01"],
    }
    for username, urls in pages.items():
        client = speaking(persona(username), language)
        for url in urls:
            dates = read(client, url).dates
            assert dates, url
            shown = {name: value for name, value in dates.items() if value}
            assert all(ISO.fullmatch(value) for value in shown.values()), (url, shown)
    assert read(speaking(persona("npa.clerk"), language), f"/field-reports/{draft.pk}/edit/").dates == {
        "date_of_information": "2024-05-05",
        "disposed_on": "2024-05-06",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_saving_an_edit_as_shown_keeps_its_dates(persona: Any, language: str) -> None:
    draft = a_draft("2024-04-04")
    client = speaking(persona("npa.clerk"), language)
    form = read(client, f"/field-reports/{draft.pk}/edit/").values
    response = client.post(f"/field-reports/{draft.pk}/edit/", {**form, "save": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.date_of_information.isoformat() == "2024-04-04" and draft.payload["disposed_on"] == "2024-05-06"


@pytest.mark.parametrize("language", LANGUAGES)
def test_chart_coordinates_and_number_inputs_are_plain_numbers(persona: Any, language: str) -> None:
    charts = {
        "tnmac.im": ["/planner/", "/planner/?deminers=90&deminers=150", "/dashboard/"],
        "donor.usdos": ["/dashboard/public/"],
    }
    for username, urls in charts.items():
        client = speaking(persona(username), language)
        for url in urls:
            numbers = read(client, url).svg_numbers
            assert numbers, url
            assert all(NUMBER.fullmatch(n) for n in numbers), (url, [n for n in numbers if not NUMBER.fullmatch(n)])
    inputs = read(speaking(persona("tnmac.im"), language), "/planner/parameters/").number_inputs
    filled = {name: value for name, value in inputs.items() if value}
    assert any("." in value for value in filled.values())  # fractions are there to be seen
    assert all(NUMBER.fullmatch(value) for value in filled.values()), filled
