"""Breadcrumbs on the main pages: where the page sits, each step a link back, the page itself last."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Team

pytestmark = pytest.mark.django_db

TRAIL = re.compile(r'<nav class="crumbs" aria-label="Breadcrumb"><ol>(.*?)</ol></nav>', re.S)
STEP = re.compile(r'<li><a href="([^"]*)">([^<]*)</a></li>')
CURRENT = re.compile(r'<li aria-current="page">([^<]*)</li>')


def trail(client: Any, url: str) -> tuple[list[tuple[str, str]], str]:
    response = client.get(url)
    assert response.status_code == 200, url
    found = TRAIL.search(response.content.decode())
    assert found is not None, f"no breadcrumbs on {url}"
    current = CURRENT.search(found.group(1))
    assert current is not None
    return STEP.findall(found.group(1)), current.group(1).strip()


def test_a_hazard_and_its_history(persona: Any) -> None:
    client = persona("tnmac.im")
    hazard = HazardArea.objects.order_by("pk").first()
    assert hazard is not None
    steps, current = trail(client, reverse("hazards:detail", args=[hazard.pk]))
    assert steps == [(reverse("home"), "Home"), (reverse("hazards:list"), "Hazardous areas")]
    assert current == hazard.reference
    steps, current = trail(client, reverse("hazards:history", args=[hazard.pk]))
    assert steps[-1] == (reverse("hazards:detail", args=[hazard.pk]), hazard.reference)
    assert current == "History"


def test_a_report_started_from_its_hazard_leads_back_to_it(persona: Any) -> None:
    hazard = HazardArea.objects.filter(operator__acronym="NPA").order_by("pk").first()
    assert hazard is not None
    url = reverse("fieldwork:create", args=["progress"]) + f"?hazard={hazard.pk}"
    steps, _current = trail(persona("npa.clerk"), url)
    assert steps[-1] == (reverse("hazards:detail", args=[hazard.pk]), hazard.reference)


def test_records_field_reports_reports_treaty_and_planner(persona: Any) -> None:
    client = persona("tnmac.im")
    team = Team.objects.order_by("pk").first()
    report = FieldReport.objects.exclude(state=FieldReport.State.DRAFT).order_by("pk").first()
    assert team is not None and report is not None
    steps, current = trail(client, reverse("records:detail", args=["teams", team.pk]))
    assert [label for _url, label in steps] == ["Home", "Records", "Teams"]
    assert steps[2][0] == reverse("records:list", args=["teams"])
    assert current == str(team)
    steps, current = trail(client, reverse("fieldwork:detail", args=[report.pk]))
    assert steps[-1] == (reverse("fieldwork:list"), "Field reports") and current == report.reference
    steps, _current = trail(client, reverse("reporting:report", args=["contamination"]))
    assert steps[-1] == (reverse("reporting:index"), "Reports")
    steps, current = trail(client, reverse("treaty:detail", args=["apmbc", 2019]))
    assert steps[-1] == (reverse("treaty:index"), "Treaty reports") and current == "Article 7 report 2019"
    steps, current = trail(client, reverse("planning:index"))
    assert steps == [(reverse("home"), "Home")] and current == "Completion planner"


def test_labels_are_escaped_and_pairs_are_checked() -> None:
    template = Template('{% load crumbs %}{% breadcrumbs "A" "/a/" name %}')
    html = template.render(Context({"name": "<b>x</b>"}))
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html
    with pytest.raises(TemplateSyntaxError):
        Template('{% load crumbs %}{% breadcrumbs "A" "/a/" %}').render(Context())
