"""The evaluation's conclusion, from the demo data through `minefree plan`; bad input writes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from minefree.cli import main
from minefree.core.models import AuditEntry
from minefree.planning.models import ParameterSet, Scenario


def plan(capsys, *args: str) -> dict:
    assert main(["plan", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_ninety_deminers_miss_the_end_2025_deadline_on_three_million_a_year(db, capsys):
    result = plan(capsys, "--deminers", "90")
    assert result["as_of"] == "2019-03-31" and result["start"] == "2019-04-01"
    assert result["remaining"]["areas"] == 249 and result["remaining"]["m2"] == 12_098_210
    assert result["deadline"] == "2025-12-31"
    assert dt.date.fromisoformat(result["completion_date"]) > dt.date(2025, 12, 31)
    assert result["meets_deadline"] is False
    assert 2_700_000 <= result["annual_budget_usd"] <= 3_300_000
    assert {r["code"] for r in result["regions"]} == {"TJ-KT", "TJ-GB", "TJ-RA", "TJ-SU"}


def test_one_hundred_and_eighty_meet_it_at_about_six_million_a_year(db, capsys):
    result = plan(capsys, "--deminers", "180")
    assert dt.date.fromisoformat(result["completion_date"]) <= dt.date(2025, 12, 31)
    assert result["meets_deadline"] is True
    assert 5_500_000 <= result["annual_budget_usd"] <= 6_500_000
    assert all(r["meets_deadline"] for r in result["regions"])
    # "over 30 million USD is needed to cover the period of the extension"
    assert result["total_cost_usd"] > 30_000_000
    assert sum(result["budget_by_year"].values()) == result["total_cost_usd"]


def test_the_mountains_finish_last(db, capsys):
    result = plan(capsys, "--deminers", "180")
    finish = {r["code"]: r["completion_date"] for r in result["regions"]}
    assert finish["TJ-KT"] < finish["TJ-GB"]  # Khatlon's long lowland season


def test_a_later_baseline_leaves_less_to_do(db, capsys):
    later = plan(capsys, "--deminers", "90", "--as-of", "2023-12-31")
    assert later["start"] == "2024-01-01"
    assert later["remaining"]["m2"] < 12_098_210


def test_a_saved_scenario_by_name(db, capsys):
    result = plan(capsys, "--scenario", "Doubled, machines and dogs back")
    assert result["capacity"] == {"deminers": 180, "teams": 18, "machines": 2, "dogs": 3}
    assert result["work"]["mechanical_m2"] > 0  # machines take the land survey marked suitable for them


def test_table_and_csv(db, capsys):
    assert main(["plan", "--deminers", "180", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "region,areas,m2,completion_date,meets_deadline"
    assert lines[-1].startswith("total,249,12098210,") and lines[-1].endswith(",yes")
    assert main(["plan", "--deminers", "90"]) == 0
    out = capsys.readouterr().out
    assert "3,000,000 USD a year" in out and "budget_usd" in out


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--deminers", "-5"], "deminers"),
        (["--deminers", "90", "--deadline", "2018-12-31"], "deadline"),
        (["--deminers", "90", "--teams", "2"], "teams"),
        (["--scenario", "No such plan"], "scenario"),
    ],
)
def test_bad_parameters_name_the_field_and_write_nothing(db, capsys, args, field):
    audits, scenarios = AuditEntry.objects.count(), Scenario.objects.count()
    assert main(["plan", *args, "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and f"{field}:" in captured.err
    assert (AuditEntry.objects.count(), Scenario.objects.count()) == (audits, scenarios)


def test_zero_productivity_in_the_stored_parameters_is_named(db, capsys):
    params = ParameterSet.objects.get()
    rate = params.bands.get(code="high").productivity.get(method="manual")
    rate.m2_per_unit_day = 0
    rate.save()  # as a broken database row would be; the actions never allow it
    assert main(["plan", "--deminers", "90", "--format", "json"]) == 2
    assert "productivity: Productivity must be more than zero: manual in band high." in capsys.readouterr().err
