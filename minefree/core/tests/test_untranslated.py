"""The main pages in Russian show none of the English the catalogue translates: choice labels,
action names, notices, Article 7 form titles, and no place under its Latin name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from minefree.casualties.models import Accident
from minefree.core.action_names import ACTIONS
from minefree.core.tests.visible_text import visible
from minefree.fieldwork.models import FieldReport, Notification
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards.models import HazardArea, LandReleaseActivity
from minefree.reporting.treaty import apmbc, ccm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    yield
    translation.activate("en")  # a Russian request leaves the test thread in Russian


def choice_labels() -> set[str]:
    """Every choice label of every MineFree model, in English (their msgids)."""
    labels: set[str] = set()
    with translation.override("en"):
        for model in apps.get_models():
            if not model.__module__.startswith("minefree."):
                continue
            for field in model._meta.get_fields():
                for _value, label in getattr(field, "flatchoices", None) or ():
                    labels.add(str(label))
    return labels


def english(language: str) -> set[str]:
    """The catalogue's English that people read on these pages and that `language` translates."""
    with translation.override("en"):
        phrases = choice_labels() | {str(name) for name in ACTIONS.values()}
    phrases |= {title for _letter, title, _paragraph in [*apmbc.FORMS, *ccm.FORMS]}
    with translation.override(language):
        return {p for p in phrases if p.strip() and gettext(p) != p}


def latin_places() -> set[str]:
    """Admin areas and countries whose Russian name differs from the recorded (Latin) one."""
    rows = [*AdminArea.objects.values_list("name", "names"), *Country.objects.values_list("name", "names")]
    return {name for name, names in rows if names.get("ru") and names["ru"] != name}


def pages() -> dict[str, list[str]]:
    hazard = HazardArea.objects.filter(pk__in=LandReleaseActivity.objects.values("hazard")).order_by("pk").first()
    returned = FieldReport.objects.filter(comments__state="returned").order_by("pk").first()
    accident = Accident.objects.order_by("pk").first()
    assert hazard and returned and accident
    return {
        "tnmac.im": [
            "/dashboard/",
            "/dashboard/region/TJ-KT/",
            "/dashboard/public/",
            "/hazards/list/",
            f"/hazards/{hazard.pk}/",
            f"/hazards/{hazard.pk}/history/",
            "/field-reports/",
            f"/field-reports/{returned.pk}/",
            "/field-reports/notifications/",
            f"/records/accidents/{accident.pk}/",
            "/treaty/apmbc/2019/",
            "/treaty/ccm/2019/",
            "/planner/",
            "/audit/",
        ],
        "npa.clerk": ["/field-reports/notifications/"],
    }


def test_main_pages_in_russian_show_no_english_the_catalogue_translates(persona: Any) -> None:
    phrases, places = english("ru"), latin_places()
    # Long phrases anywhere in the text; short ones (one word: "Open", "Manual") only as a whole
    # value cell, since the same word may be part of a team's or hazard's recorded name.
    long = {p for p in phrases if " " in p}
    assert "Confirmed hazardous area" in long and "National implementation measures" in long
    assert "Khatlon" in places and "Tajikistan" in places
    found: dict[str, set[str]] = {}
    for username, urls in pages().items():
        client = persona(username)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        notices = {n.text for n in Notification.objects.filter(user__username=username)}
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text, cells = visible(response.content.decode())
            assert re.search("[а-яё]{4}", text), url  # the page is in Russian at all
            hits = {p for p in long | notices if p in text}
            hits |= {c for c in cells if c in phrases or c in places}
            if hits:
                found[f"{username} {url}"] = hits
    assert not found, found
