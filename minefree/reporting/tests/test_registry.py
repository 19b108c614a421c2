"""Every registered report gives the same figures from the command line, the API and its page."""

from __future__ import annotations

import json
import re

import pytest
from django.utils.formats import number_format

from minefree.cli import main
from minefree.reporting.parameters import Kind, Parameter
from minefree.reporting.registry import REPORTS, ReportDefinition, register
from minefree.reporting.report_views import table

# Parameters that narrow every report to a period or a place the demo data has figures for.
NARROWED = {
    "contamination": {"as_of": "2019-03-31", "admin_area": "TJ-KT"},
    "contamination-by-region": {"as_of": "2019-03-31"},
    "released": {"from": "2018-01-01", "to": "2019-12-31", "method": "manual"},
    "casualties": {"from": "1992-01-01", "to": "2019-10-31"},
    "funding": {"from": "2013", "to": "2017"},
    "eore": {"from": "2019", "to": "2019"},
    "residual": {"from": "2020-01-01"},
}


def test_the_six_reports_of_issue_11_are_registered_and_each_is_exercised_here():
    assert {"contamination", "released", "casualties", "funding", "eore", "residual"} <= set(REPORTS)
    assert set(NARROWED) == set(REPORTS)  # a new report adds its parameters above


def _cli(capsys, slug: str, params: dict[str, str], fmt: str) -> str:
    argv = ["report", slug, "--format", fmt]
    for name, value in params.items():
        argv += [f"--{name.replace('_', '-')}", value]
    assert main(argv) == 0, argv
    return capsys.readouterr().out


@pytest.mark.parametrize("slug", sorted(NARROWED))
@pytest.mark.parametrize("narrowed", [False, True], ids=["defaults", "narrowed"])
def test_command_line_api_and_page_agree(persona, capsys, slug, narrowed):
    """The NMAC administrator sees the whole record, as the command line reads it."""
    params = NARROWED[slug] if narrowed else {}
    client = persona("tnmac.admin")
    cli_json = json.loads(_cli(capsys, slug, params, "json"))
    api = client.get(f"/api/v1/reports/{slug}/", params)
    assert api.status_code == 200 and api.json() == cli_json
    csv = client.get(f"/reports/{slug}/", {**params, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode() + "\n" == _cli(capsys, slug, params, "csv")  # print() adds the last newline
    page = client.get(f"/reports/{slug}/", params)
    assert page.status_code == 200
    html = page.content.decode()
    rows = REPORTS[slug].rows(cli_json)
    numbers = [v for row in rows for v in row if isinstance(v, int) and not isinstance(v, bool)]
    assert numbers or slug == "residual"  # the demo has call-outs in every period but the open one
    for number in numbers:
        shown = number_format(number, force_grouping=True)
        assert re.search(rf">{re.escape(shown)}<", html), (slug, number)


def test_a_donor_gets_the_same_figures_on_the_page_as_from_the_api(persona):
    client = persona("donor.usdos")
    for slug, params in NARROWED.items():
        api = client.get(f"/api/v1/reports/{slug}/", params).json()
        csv = client.get(f"/reports/{slug}/", {**params, "format": "csv"}).content.decode()
        expected = table(REPORTS[slug], REPORTS[slug].rows(api), {})
        assert len(csv.splitlines()) == 1 + len(expected.body) + len(expected.foot), slug


def test_the_index_shows_the_summary_tables_and_lists_every_report(persona):
    page = persona("donor.usdos").get("/reports/").content.decode()
    for slug, report in REPORTS.items():
        assert f'href="/reports/{slug}/"' in page
        assert (f'id="{slug}"' in page) == report.on_index
    assert "Khatlon" in page and "Girls" in page  # regions and casualty groups read as words, not codes


def test_bad_parameters_are_named_on_the_page_and_in_the_api(persona):
    client = persona("tnmac.im")
    page = client.get("/reports/casualties/", {"from": "2019"})
    assert page.status_code == 400 and "is not a date like 2019-03-31" in page.content.decode()
    assert client.get("/api/v1/reports/funding/", {"from": "2019-01-01"}).status_code == 400
    assert client.get("/api/v1/reports/released/", {"method": "teleport"}).status_code == 400
    unknown = client.get("/reports/contamination/", {"admin_area": "XX-NOPE"})
    assert unknown.status_code == 400 and "XX-NOPE" in unknown.content.decode()


def test_the_schema_gives_each_report_its_typed_parameters(persona):
    schema = persona("tnmac.im").get("/api/v1/schema/?format=json").json()
    for slug, report in REPORTS.items():
        operation = schema["paths"][f"/api/v1/reports/{slug}/"]["get"]
        declared = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert set(declared) == {p.name for p in report.parameters}, slug
    casualties = schema["paths"]["/api/v1/reports/casualties/"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("format") for p in casualties}["from"] == "date"
    funding = schema["paths"]["/api/v1/reports/funding/"]["get"]["parameters"]
    assert {p["name"]: p["schema"]["type"] for p in funding}["from"] == "integer"
    index = persona("tnmac.im").get("/api/v1/reports/").json()["reports"]
    assert [r["slug"] for r in index] == list(REPORTS)


def test_a_report_may_not_take_a_name_already_in_use():
    taken = REPORTS["funding"]
    with pytest.raises(ValueError):
        register(taken)
    with pytest.raises(ValueError):
        register(ReportDefinition("new", "x", "x", (Parameter("to", Kind.YEAR, "x"),), taken.compute, taken.rows, ()))


def test_the_field_reports_old_addresses_redirect_for_a_get_only(persona):
    from minefree.fieldwork.models import FieldReport

    report = FieldReport.objects.filter(state="submitted").order_by("pk").first()
    assert report is not None
    client = persona("tnmac.im")
    moved = client.get(f"/reports/{report.pk}/")
    assert moved.status_code == 301 and moved["Location"] == f"/field-reports/{report.pk}/"
    assert client.get("/reports/new/hazard/?hazard=7")["Location"] == "/field-reports/new/hazard/?hazard=7"
    assert client.post(f"/reports/{report.pk}/edit/").status_code == 405
    assert report.reference in client.get(f"/reports/{report.pk}/", follow=True).content.decode()
