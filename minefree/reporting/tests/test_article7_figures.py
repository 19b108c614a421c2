"""The Article 7 workbook's figures equal the demo data counted independently through the ORM."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Sum

from minefree.casualties.models import Casualty
from minefree.education.models import EoreSession
from minefree.hazards.models import HazardAreaState, LandReleaseActivity, OrdnanceFind
from minefree.reporting import land, pillars
from minefree.reporting.tests.article7_helpers import column, cover_marks, table, workbook
from minefree.reporting.treaty import build, xlsx
from minefree.reporting.treaty.sources import Sources

TJK = "TJK"


def _workbook(treaty: str, year: int) -> object:
    return workbook(xlsx.render(build.generate(Sources.national(), treaty, year)))


@pytest.mark.parametrize("year", [2018, 2019])
def test_mined_areas_at_year_end_are_the_contamination_report(db, year):
    wb = _workbook("apmbc", year)
    end = dt.date(year, 12, 31)
    header, rows, total = table(wb, "C", "areas_ap_mines")
    ap_states = HazardAreaState.objects.filter(contamination="ap_mines")
    expected = land.contamination(ap_states, end, country=TJK)["total"]
    assert len(rows) == expected["areas"] > 100
    assert total[header.index("Area (m²)")] == expected["m2"]
    # The very areas, each with its place and type: the references the dated states give.
    remaining = set(
        HazardAreaState.objects.as_of(end)
        .remaining()
        .filter(contamination="ap_mines", hazard__country__code=TJK)
        .values_list("hazard__reference", flat=True)
    )
    assert set(column(header, rows, "Reference")) == remaining
    assert all(isinstance(v, int) for v in column(header, rows, "Area (m²)"))
    assert all(36 < lat < 42 for lat in column(header, rows, "Latitude (centroid)"))
    assert all(column(header, rows, "Region")) and all(column(header, rows, "District"))
    # Every contamination type together: the same figure as `minefree report contamination --as-of`.
    header, rows, total = table(wb, "C", "remaining_by_type")
    everything = land.contamination(HazardAreaState.objects.all(), end, country=TJK)["total"]
    assert total[header.index("Areas")] == everything["areas"]
    assert total[header.index("Area (m²)")] == everything["m2"]


def test_the_2018_year_end_is_the_published_extension_request_figure(db):
    # Nothing changed between 31 December 2018 and the request of 31 March 2019: 249 areas, 12,098,210 m².
    header, _rows, total = table(_workbook("apmbc", 2018), "C", "remaining_by_type")
    assert (total[header.index("Areas")], total[header.index("Area (m²)")]) == (249, 12_098_210)


def test_mines_found_in_each_area_are_counted_to_the_year_end(db):
    header, rows, _total = table(_workbook("apmbc", 2019), "C", "areas_ap_mines")
    found = dict(
        zip(
            column(header, rows, "Reference"), column(header, rows, "Quantity found and destroyed to date"), strict=True
        )
    )
    expected = dict(
        OrdnanceFind.objects.filter(
            hazard__reference__in=found, category="ap_mine", found_on__lte=dt.date(2019, 12, 31)
        )
        .values_list("hazard__reference")
        .annotate(n=Sum("quantity"))
    )
    assert sum(expected.values()) > 0
    assert {ref: n for ref, n in found.items() if n} == expected


@pytest.mark.parametrize("year", [2018, 2019])
def test_land_released_in_the_year_is_the_released_report(db, year):
    header, rows, total = table(_workbook("apmbc", year), "G", "released_all")
    released = land.released(LandReleaseActivity.objects.all(), dt.date(year, 1, 1), dt.date(year, 12, 31), country=TJK)
    assert released["total_m2"] > 0
    assert total[header.index("Total released (m²)")] == released["total_m2"]
    for kind, label in (("cancel", "Cancelled (m²)"), ("reduce", "Reduced (m²)"), ("clear", "Cleared (m²)")):
        assert total[header.index(label)] == released["total"].get(kind, 0)
    by_region = (
        LandReleaseActivity.objects.filter(end_date__year=year, hazard__country__code=TJK)
        .values("hazard__admin_area__parent__name")
        .annotate(n=Count("id"))
    )
    assert sorted(column(header, rows, "Region")) == sorted(r["hazard__admin_area__parent__name"] for r in by_region)


@pytest.mark.parametrize("year", [2018, 2019])
def test_anti_personnel_mines_destroyed_in_the_year(db, year):
    header, rows, total = table(_workbook("apmbc", year), "G", "ap_mines_destroyed")
    expected = OrdnanceFind.objects.filter(
        country__code=TJK, category="ap_mine", disposed_on__year=year, disposal__in=["in_situ", "removed"]
    ).aggregate(n=Sum("quantity"))["n"]
    assert expected and total[header.index("Quantity destroyed")] == expected
    assert set(column(header, rows, "Type")) <= {"PMN-2", "POMZ-2M", "PMD-6", "OZM-72"}


@pytest.mark.parametrize("year", [2018, 2019])
def test_warning_and_other_matters(db, year):
    wb = _workbook("apmbc", year)
    header, _rows, total = table(wb, "I", "risk_education")
    sessions = EoreSession.objects.filter(date__year=year, admin_area__country__code=TJK)
    assert total[header.index("Total beneficiaries")] == sessions.aggregate(n=Sum("total"))["n"] > 20_000
    assert total[header.index("Sessions")] == sessions.count()
    header, _rows, total = table(wb, "J", "casualties_all")
    expected = pillars.casualties(Casualty.objects.all(), dt.date(year, 1, 1), dt.date(year, 12, 31), country=TJK)
    assert [total[header.index("Killed")], total[header.index("Injured")]] == [
        expected["total"]["killed"],
        expected["total"]["injured"],
    ]


def test_the_cover_sheet_lists_forms_a_to_j(db):
    wb = _workbook("apmbc", 2019)
    marks = cover_marks(wb)
    assert list(marks) == list("ABCDEFGHIJ")
    assert marks["C"] == "changed" and marks["B"] == "not applicable"
    cover = [row for row in wb.worksheets[0].iter_rows(values_only=True)]
    assert ("State Party", "Tajikistan") in [row[:2] for row in cover]
    assert ("Reporting period", "01/01/2019 – 31/12/2019") in [row[:2] for row in cover]
    # Headers stay in view while scrolling the long list of areas.
    assert wb["Form C"].freeze_panes is not None


def test_the_ccm_variant_lists_only_cluster_munition_areas(db):
    wb = _workbook("ccm", 2019)
    header, rows, total = table(wb, "F", "areas_cluster")
    end = dt.date(2019, 12, 31)
    cluster = set(
        HazardAreaState.objects.as_of(end)
        .remaining()
        .filter(contamination="cluster", hazard__country__code=TJK)
        .values_list("hazard__reference", flat=True)
    )
    assert cluster and set(column(header, rows, "Reference")) == cluster
    assert (
        total[header.index("Area (m²)")]
        == land.contamination(HazardAreaState.objects.filter(contamination="cluster"), end, country=TJK)["total"]["m2"]
    )
    assert wb.sheetnames == ["Cover", *(f"Form {letter}" for letter in "ABCDEFGHIJ")]
    assert "FormC_areas_ap_mines" not in wb["Form C"].tables
    # Submunitions, not mines, are what it counts as found.
    types = {
        t for cell in column(header, rows, "Types found and destroyed to date") for t in (cell or "").split("; ") if t
    }
    assert types and all(t.split(" × ")[0] in {"AO-2.5RT", "PTAB-2.5"} for t in types)
