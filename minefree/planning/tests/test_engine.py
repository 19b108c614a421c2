"""The planner's arithmetic on small cases worked by hand (no database: the engine is pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from minefree.core.errors import ActionError
from minefree.planning import engine
from minefree.planning.params import Band, Capacity, Parameters, WorkRow

# Two bands: "low" works 1-10 January, "high" 6-10 January, every year.
BANDS = {"low": Band("low", "low", 1, 1, 10), "high": Band("high", "high", 1, 6, 5)}
PRODUCTIVITY = {
    ("survey", "low"): 100.0,
    ("manual", "low"): 10.0,
    ("mechanical", "low"): 50.0,
    ("dogs", "low"): 20.0,
    ("survey", "high"): 100.0,
    ("manual", "high"): 5.0,
    ("mechanical", "high"): 50.0,
    ("dogs", "high"): 20.0,
}
PARAMS = Parameters(
    as_of=dt.date(2020, 12, 31),
    start=dt.date(2021, 1, 1),
    deadline=dt.date(2021, 12, 31),
    deminers_per_team=3,
    team_year_usd=30_000,
    machine_year_usd=1_000,
    dog_year_usd=1_000,
    overhead_year_usd=5_000,
    survey_share={"SHA": 0.5, "CHA": 0.0},
    bands=BANDS,
    productivity=PRODUCTIVITY,
    district_bands={"A": "low", "B": "high"},
    default_band="low",
)
# District A (region R1, low): CHA 400 m² and SHA 200 m². District B (region R2, high): CHA 100 m².
ROWS = [
    WorkRow("A", "Alpha", "R1", "Region one", "CHA", False, 2, 400.0),
    WorkRow("A", "Alpha", "R1", "Region one", "SHA", False, 1, 200.0),
    WorkRow("B", "Beta", "R2", "Region two", "CHA", False, 1, 100.0),
]


def test_six_deminers_miss_the_deadline_by_six_days():
    # A: survey 200 × 0.5 = 100 m² (1 deminer-day at 100), manual 400 + 100 = 500 m² (50 days at 10): 51.
    # B: manual 100 m² at 5: 20 deminer-days.
    # 1-5 Jan 2021, only A is in season: 5 × 6 = 30 deminer-days, A needs 21 more.
    # 6-10 Jan, both: 6 a day shared 21:20, the ratio holds; 41 - 30 = 11 left: A 11×21/41, B 11×20/41.
    # 1 Jan 2022: A needs 5.63 < 6, done. 6 Jan 2022: B needs 5.37 < 6, done.
    result = engine.forecast(ROWS, PARAMS, Capacity(deminers=6))
    assert result["work"] == {
        "survey_m2": 100,
        "mechanical_m2": 0,
        "manual_m2": 600,
        "deminer_days": 71,
        "machine_days": 0,
    }
    assert [(r["code"], r["completion_date"], r["meets_deadline"]) for r in result["regions"]] == [
        ("R1", "2022-01-01", False),
        ("R2", "2022-01-06", False),
    ]
    assert result["completion_date"] == "2022-01-06"
    assert result["meets_deadline"] is False
    # 6 deminers in teams of 3: 2 teams × 30,000 + 5,000 overheads = 65,000 a year.
    # 2021 whole: 65,000; 2022, 6 days of 365: 65,000 × 6 / 365 = 1,068.49 -> 1,068.
    assert result["capacity"]["teams"] == 2
    assert result["annual_budget_usd"] == 65_000
    assert result["budget_by_year"] == {"2021": 65_000, "2022": 1_068}
    assert result["total_cost_usd"] == 66_068
    assert result["remaining"] == {"areas": 4, "m2": 700, "CHA": 500, "SHA": 200, "mechanical_suitable_m2": 0}


def test_twelve_deminers_finish_in_the_first_week():
    # A needs 51: 39, 27, 15, 3 left after 1-4 Jan; done 5 Jan. B alone from 6 Jan: 20 -> 8 -> done 7 Jan.
    # 4 teams × 30,000 + 5,000 = 125,000 a year; 7 days of 2021: 125,000 × 7 / 365 = 2,397.26 -> 2,397.
    result = engine.forecast(ROWS, PARAMS, Capacity(deminers=12))
    assert [r["completion_date"] for r in result["regions"]] == ["2021-01-05", "2021-01-07"]
    assert result["completion_date"] == "2021-01-07"
    assert result["meets_deadline"] is True
    assert result["budget_by_year"] == {"2021": 2_397}
    assert result["released_by_year"] == {"2021": {"manual": 600, "survey": 100}}


MECHANICAL = [WorkRow("A", "Alpha", "R1", "Region one", "CHA", True, 1, 300.0)]


@pytest.mark.parametrize(
    ("capacity", "finished"),
    [
        (Capacity(deminers=0, machines=1), "2021-01-06"),  # 300 m² at 50 per machine-day: 6 days
        (Capacity(deminers=6, machines=0), "2021-01-05"),  # no machine: by hand, 6 × 10 = 60 a day: 5 days
        (Capacity(deminers=1, dogs=1), "2021-01-10"),  # a dog 20 + a deminer 10 = 30 a day: 10 days
        (Capacity(deminers=0, dogs=1), "2022-01-05"),  # 20 a day: 200 in the 2021 season, 100 on 1-5 Jan 2022
    ],
)
def test_machines_dogs_and_the_season_break(capacity, finished):
    assert engine.forecast(MECHANICAL, PARAMS, capacity)["completion_date"] == finished


def test_teams_and_machines_cost_a_whole_year_each():
    result = engine.forecast(MECHANICAL, PARAMS, Capacity(deminers=0, machines=1, teams=1))
    # 1 team 30,000 + 1 machine 1,000 + 5,000 overheads; 6 days of 365 -> 36,000 × 6 / 365 = 591.78.
    assert result["annual_budget_usd"] == 36_000
    assert result["budget_by_year"] == {"2021": 592}


def test_no_capacity_never_finishes_within_the_horizon():
    short = replace(PARAMS, horizon_years=2)
    result = engine.forecast(ROWS, short, Capacity(deminers=0))
    assert result["completion_date"] is None and result["meets_deadline"] is False
    assert list(result["budget_by_year"]) == ["2021", "2022", "2023"]


@pytest.mark.parametrize(
    ("params", "capacity", "field"),
    [
        (PARAMS, Capacity(deminers=-1), "deminers"),
        (PARAMS, Capacity(deminers=10, teams=3), "teams"),  # 3 teams of 3 hold 9
        (replace(PARAMS, productivity={**PRODUCTIVITY, ("manual", "high"): 0.0}), Capacity(6), "productivity"),
        (replace(PARAMS, deadline=dt.date(2020, 6, 30)), Capacity(6), "deadline"),
        (replace(PARAMS, start=dt.date(2020, 1, 1)), Capacity(6), "start"),
        (replace(PARAMS, survey_share={"SHA": 1.5, "CHA": 0.0}), Capacity(6), "sha_survey_share"),
        (replace(PARAMS, district_bands={"A": "alpine"}), Capacity(6), "district_bands"),
    ],
)
def test_bad_parameters_name_the_field(params, capacity, field):
    with pytest.raises(ActionError) as caught:
        engine.forecast(ROWS, params, capacity)
    assert field in caught.value.errors


def test_a_season_over_new_year():
    winter = Band("south", "south", 12, 20, 20)  # 20 December to 8 January
    assert winter.in_season(dt.date(2021, 1, 8)) and winter.in_season(dt.date(2021, 12, 20))
    assert not winter.in_season(dt.date(2021, 1, 9)) and not winter.in_season(dt.date(2021, 12, 19))
