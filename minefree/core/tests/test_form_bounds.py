"""Web forms that take numbers, text and years without a Django model form answer 4xx, never 500, and
store nothing a column cannot hold (the outside tester's planner, comment, grant and treaty cases)."""

from __future__ import annotations

from typing import Any

import pytest

from minefree.fieldwork.models import FieldReport, ReportComment
from minefree.planning.models import ParameterSet, Scenario
from minefree.planning.tests.test_pages import full_form

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("field", "value"),
    [("horizon_years", "-5"), ("deminers", HUGE), ("dogs", "1e300"), ("name", "x" * 500), ("as_of", "0001-01-01")],
)
def test_planner_parameters_refuse_what_no_column_holds(persona: Any, field: str, value: str) -> None:
    im = persona("tnmac.im")
    before = ParameterSet.objects.get().updated_at if hasattr(ParameterSet, "updated_at") else None
    form = full_form(ParameterSet.objects.get())
    assert im.post("/planner/parameters/", form).status_code == 302  # the page's own values save
    data = form | {field: value}
    response = im.post("/planner/parameters/", data)
    assert response.status_code == 400, response.status_code
    params = ParameterSet.objects.get()
    assert str(getattr(params, field)) != value and (before is None or params.updated_at == before)


@pytest.mark.parametrize(
    ("field", "value"), [("deminers", HUGE), ("teams", HUGE), ("name", "n" * 101), ("notes", "y" * 10_001)]
)
def test_planner_scenarios_refuse_what_no_column_holds(persona: Any, field: str, value: str) -> None:
    count = Scenario.objects.count()
    data = {"name": "Bounded", "deminers": "90", "machines": "0", "dogs": "0", "teams": "", "notes": ""} | {
        field: value
    }
    response = persona("tnmac.im").post("/planner/scenarios/save/", data)
    assert response.status_code < 500 and Scenario.objects.count() == count


@pytest.mark.parametrize("decision", ["comment", "return", "reject"])
def test_a_review_comment_over_the_limit_is_refused(persona: Any, decision: str) -> None:
    report = FieldReport.objects.filter(state="submitted", organisation__acronym="NPA").first()
    comments = ReportComment.objects.filter(report=report).count()
    im = persona("tnmac.im")
    im.post(f"/field-reports/{report.pk}/{decision}/", {"comment": "c" * 10_001, "version": str(report.version)})
    report.refresh_from_db()
    assert report.state == "submitted" and ReportComment.objects.filter(report=report).count() == comments
    assert "10000 characters" in im.get(f"/field-reports/{report.pk}/").content.decode()


def test_a_review_with_a_version_that_is_no_number_is_refused(persona: Any) -> None:
    report = FieldReport.objects.filter(state="submitted", organisation__acronym="NPA").first()
    im = persona("tnmac.im")
    im.post(f"/field-reports/{report.pk}/reject/", {"comment": "No", "version": "abc"})
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_grant_naming_a_district_id_of_twenty_digits_is_a_400(persona: Any) -> None:
    response = persona("tnmac.admin").post("/access/grants/new/", {"admin_areas": HUGE, "user": "1", "role": "1"})
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("url", ["/treaty/apmbc/0/", "/treaty/ccm/0/", "/treaty/apmbc/0/article7.json"])
def test_a_treaty_report_of_year_0_is_not_found(persona: Any, url: str) -> None:
    assert persona("tnmac.im").get(url).status_code == 404
