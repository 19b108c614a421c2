"""Read the NMAC's planning rows into the engine's plain values."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.planning.models import AltitudeBand, ParameterSet, Productivity, Scenario
from minefree.planning.params import Band, Capacity, Parameters


def current_set() -> ParameterSet:
    """The parameter set in use: the first one (migration 0002 makes it)."""
    params = ParameterSet.objects.order_by("pk").first()
    if params is None:
        raise ActionError(_("No planning parameters: run the migrations."), field="parameters")
    return params


def load(params: ParameterSet) -> Parameters:
    bands = list(params.bands.prefetch_related("productivity"))
    rates = [rate for band in bands for rate in band.productivity.all()]
    districts = dict(params.district_bands.values_list("admin_area__code", "band__code"))
    return to_parameters(params, bands, rates, districts)


def to_parameters(
    params: ParameterSet, bands: list[AltitudeBand], rates: list[Productivity], districts: dict[str, str]
) -> Parameters:
    """The engine's values from rows, stored or not yet saved (save_parameters checks its candidate)."""
    return Parameters(
        as_of=params.as_of,
        start=params.start,
        deadline=params.deadline,
        deminers_per_team=params.deminers_per_team,
        team_year_usd=params.team_year_usd,
        machine_year_usd=params.machine_year_usd,
        dog_year_usd=params.dog_year_usd,
        overhead_year_usd=params.overhead_year_usd,
        survey_share={"SHA": params.sha_survey_share, "CHA": params.cha_survey_share},
        bands={b.code: Band(b.code, b.name, b.season_month, b.season_day, b.season_days) for b in bands},
        productivity={(r.method, r.band.code): r.m2_per_unit_day for r in rates},
        district_bands=districts,
        default_band=params.default_band,
        horizon_years=params.horizon_years,
    )


def scenario_named(params: ParameterSet, name: str) -> Scenario:
    scenario = params.scenarios.filter(name=name).first()
    if scenario is None:
        known = ", ".join(params.scenarios.values_list("name", flat=True)) or _("none saved")
        raise ActionError(
            _("No scenario named %(name)r (saved: %(known)s).") % {"name": name, "known": known}, field="scenario"
        )
    return scenario


def capacity(
    params: ParameterSet,
    scenario: Scenario | None = None,
    **overrides: Any,
) -> Capacity:
    """Today's capacity from the parameter set, or a scenario's; given values override either."""
    source: ParameterSet | Scenario = scenario or params
    base = Capacity(
        deminers=source.deminers,
        machines=source.machines,
        dogs=source.dogs,
        teams=scenario.teams if scenario else None,
        name=scenario.name if scenario else "",
    )
    given = {key: value for key, value in overrides.items() if value is not None}
    return replace(base, **given)


def with_dates(parameters: Parameters, **dates: Any) -> Parameters:
    """The parameters with as_of, start or deadline replaced where given (the CLI's and page's overrides)."""
    given = {key: value for key, value in dates.items() if value is not None}
    if "as_of" in given and "start" not in given:
        given["start"] = None  # a new baseline starts work the day after it
    return replace(parameters, **given)
