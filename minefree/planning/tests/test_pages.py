"""The planner page for readers, the parameter form for the NMAC only, and the audit of every edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from minefree.core.errors import ActionError
from minefree.core.models import AuditEntry
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Membership, Organisation, Role
from minefree.planning import actions
from minefree.planning.models import ParameterSet, Productivity, Scenario


def test_a_donor_compares_the_saved_scenarios(persona):
    response = persona("donor.usdos").get("/planner/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Today&#x27;s capacity", "Doubled capacity", "Doubled, machines and dogs back"):
        assert name in page
    assert "Gorno-Badakhshan" in page and "<svg" in page
    assert "Edit</a>" not in page and "Save a scenario" not in page  # donors change nothing


def test_the_page_shows_what_the_json_twin_computes(persona):
    client = persona("ciihl.viewer")
    query = "?name=Now&deminers=90&machines=0&dogs=0&name=Double&deminers=180&machines=0&dogs=0"
    twin = client.get(f"/planner/forecast.json{query}").json()["scenarios"]
    assert [s["meets_deadline"] for s in twin] == [False, True]
    page = client.get(f"/planner/{query}").content.decode()
    for scenario in twin:
        assert scenario["completion_date"] in page
        assert f"{scenario['annual_budget_usd']:,}" in page


def test_bad_capacity_on_the_page_names_the_field(persona):
    response = persona("donor.usdos").get("/planner/?deminers=-3")
    assert response.status_code == 400 and "deminers must be zero or more" in response.content.decode()
    assert persona("donor.usdos").get("/planner/forecast.json?deminers=x").status_code == 400


def full_form(params: ParameterSet) -> dict[str, str]:
    """The parameters page's POST with every stored value, as the browser sends it."""
    post = {
        "name": params.name,
        "as_of": "2019-03-31",
        "start": "2019-04-01",
        "deadline": "2025-12-31",
        "deminers": "90",
        "machines": "0",
        "dogs": "0",
        "deminers_per_team": "10",
        "horizon_years": "50",
        "team_year_usd": "300000",
        "machine_year_usd": "150000",
        "dog_year_usd": "20000",
        "overhead_year_usd": "300000",
        "sha_survey_share": "0.5",
        "cha_survey_share": "0.05",
        "default_band": "mid",
        "notes": "",
    }
    for band in params.bands.all():
        post |= {
            f"band_{band.code}_name": band.name,
            f"band_{band.code}_season_month": str(band.season_month),
            f"band_{band.code}_season_day": str(band.season_day),
            f"band_{band.code}_season_days": str(band.season_days),
        }
        for rate in band.productivity.all():
            post[f"rate_{rate.method}_{band.code}"] = str(rate.m2_per_unit_day)
    return post


def test_the_nmac_edits_the_parameters_and_the_audit_log_says_so(persona):
    client = persona("tnmac.im")
    assert client.get("/planner/parameters/").status_code == 200
    # Forecasts are kept until the records or the parameters change: this one must not outlive the edit.
    kept = client.get("/planner/forecast.json?deminers=90").json()["scenarios"][0]
    assert kept["annual_budget_usd"] == 9 * 300_000 + 300_000
    post = full_form(ParameterSet.objects.get())
    post["team_year_usd"] = "400000"
    post["rate_manual_high"] = "30"
    post["district_TJ-GB-DRV"] = "high"
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True)[0]
    response = client.post("/planner/parameters/", post)
    assert response.status_code == 302
    entries = {e.action: e for e in AuditEntry.objects.filter(pk__gt=last)}
    assert set(entries) == {"save_parameters", "save_productivity", "set_district_band"}
    assert entries["save_parameters"].before["team_year_usd"] == 300000
    assert entries["save_parameters"].after["team_year_usd"] == 400000
    assert entries["save_productivity"].after["m2_per_unit_day"] == 30
    assert entries["set_district_band"].user.username == "tnmac.im"
    twin = client.get("/planner/forecast.json?deminers=90").json()["scenarios"][0]
    assert twin["annual_budget_usd"] == 9 * 400_000 + 300_000


@pytest.mark.parametrize("username", ["donor.usdos", "npa.manager", "tnmac.qa"])
def test_only_the_nmac_editors_change_parameters(persona, username):
    client = persona(username)
    before = AuditEntry.objects.count()
    assert client.get("/planner/parameters/").status_code == 403
    assert client.post("/planner/parameters/", {"team_year_usd": "1"}).status_code == 403
    assert client.post("/planner/scenarios/save/", {"name": "x", "deminers": "5"}).status_code == 403
    assert AuditEntry.objects.count() == before
    assert ParameterSet.objects.get().team_year_usd == 300_000


def test_the_form_names_a_bad_field_keeps_what_was_typed_and_saves_nothing(persona):
    post = full_form(ParameterSet.objects.get()) | {"rate_manual_high": "0", "team_year_usd": "1"}
    before = AuditEntry.objects.count()
    response = persona("tnmac.admin").post("/planner/parameters/", post)
    page = response.content.decode()
    assert response.status_code == 400
    assert "productivity: Productivity must be more than zero: manual in band high." in page
    assert 'name="rate_manual_high" type="number" step="any" value="0"' in page
    assert AuditEntry.objects.count() == before and ParameterSet.objects.get().team_year_usd == 300_000
    unreadable = persona("tnmac.admin").post("/planner/parameters/", post | {"deminers": "ninety"})
    assert unreadable.status_code == 400 and "deminers: Not a whole number." in unreadable.content.decode()


def test_zero_productivity_is_refused_and_nothing_changes(user):
    params = ParameterSet.objects.get()
    before = AuditEntry.objects.count()
    with pytest.raises(ActionError) as caught:
        actions.save_parameters(
            user("tnmac.im"),
            params,
            fields={"team_year_usd": 1.0},
            productivity={("manual", "high"): 0.0},
        )
    assert "productivity" in caught.value.errors
    assert Productivity.objects.get(band__code="high", method="manual").m2_per_unit_day == 39
    assert ParameterSet.objects.get().team_year_usd == 300_000 and AuditEntry.objects.count() == before


def test_a_deadline_before_the_baseline_is_refused(user):
    params = ParameterSet.objects.get()
    with pytest.raises(ActionError) as caught:
        actions.save_parameters(user("tnmac.admin"), params, fields={"deadline": dt.date(2019, 1, 1)})
    assert "deadline" in caught.value.errors
    assert ParameterSet.objects.get().deadline == dt.date(2025, 12, 31)


def test_the_nmac_saves_a_scenario(persona):
    response = persona("tnmac.admin").post(
        "/planner/scenarios/save/", {"name": "Triple", "deminers": "270", "machines": "2", "dogs": "0"}
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get(name="Triple")
    assert (scenario.deminers, scenario.machines, scenario.teams) == (270, 2, None)
    entry = AuditEntry.objects.get(action="save_scenario", object_id=str(scenario.pk))
    assert entry.before is None and entry.after["deminers"] == 270
    bad = persona("tnmac.admin").post("/planner/scenarios/save/", {"name": "Bad", "deminers": "-1"})
    assert bad.status_code == 400 and not Scenario.objects.filter(name="Bad").exists()


def test_a_reader_limited_to_khatlon_plans_for_khatlon_only(db):
    reader = User.objects.create_user("npa.khatlon.planner")
    grant = Membership.objects.create(
        user=reader,
        organisation=Organisation.objects.get(acronym="NPA"),
        role=Role.objects.get(code="operator_clerk"),
        data_classes=["record"],
    )
    grant.admin_areas.set([AdminArea.objects.get(code="TJ-KT")])
    client = Client()
    client.force_login(reader)
    plan = client.get("/planner/forecast.json?deminers=90").json()["scenarios"][0]
    assert [r["code"] for r in plan["regions"]] == ["TJ-KT"]
    assert plan["remaining"]["m2"] == plan["regions"][0]["m2"] < 12_098_210
