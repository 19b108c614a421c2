"""Named actions on the planning parameters and scenarios: NMAC only, atomic, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.limits import field_problems
from minefree.core.permissions import Capability, has
from minefree.gazetteer.home import local_today
from minefree.gazetteer.models import AdminArea
from minefree.planning import engine
from minefree.planning.forms import BAND_INTEGERS, DATES, INTEGERS, NUMBERS, TEXTS
from minefree.planning.models import AltitudeBand, DistrictBand, ParameterSet, Productivity, Scenario
from minefree.planning.params import Capacity, Parameters
from minefree.planning.store import load, to_parameters

# What save_parameters may change: the fields the planner's form reads, by their type there.
SET_FIELDS = TEXTS + DATES + INTEGERS + NUMBERS
BAND_FIELDS = ("name", *BAND_INTEGERS)


def assert_planner(user: Any) -> None:
    if not has(user, Capability.EDIT_RECORD):
        raise PermissionDenied(_("Only the NMAC edits the planning parameters."))


def _season_errors(bands: list[AltitudeBand]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for band in bands:
        try:
            dt.date(2001, band.season_month, band.season_day)  # not a leap year: no 29 February start
        except (TypeError, ValueError):
            errors[f"band_{band.code}_season_month"] = [
                _("The season of band %(code)s must start on a real day of a common year.") % {"code": band.code}
            ]
    return errors


def _save(user: Any, action: str, obj: models.Model, before: dict[str, Any] | None, group: str) -> None:
    after = audit.snapshot(obj) if before is not None else None
    if before is not None and before == after:
        return
    obj.save()
    audit.record(user, action, obj, before, audit.snapshot(obj), related_to=group)


@transaction.atomic
def save_parameters(
    user: Any,
    params: ParameterSet,
    *,
    fields: dict[str, Any] | None = None,
    bands: dict[str, dict[str, Any]] | None = None,
    productivity: dict[tuple[str, str], float] | None = None,
    district_bands: dict[str, str] | None = None,
) -> ParameterSet:
    """Change the parameter set, its bands, productivity figures and district bands, all or nothing."""
    assert_planner(user)
    params = ParameterSet.objects.select_for_update().get(pk=params.pk)
    before_set = audit.snapshot(params)
    errors: dict[str, list[str]] = {}
    for key, value in (fields or {}).items():
        if key not in SET_FIELDS:
            errors[key] = [_("Unknown parameter.")]
        else:
            setattr(params, key, value)
    if not str(params.name).strip():
        errors["name"] = [_("The parameter set needs a name.")]
    errors.update(field_problems(params, [key for key in (fields or {}) if key in SET_FIELDS]))
    band_rows = {b.code: b for b in params.bands.all()}
    band_before = {code: audit.snapshot(b) for code, b in band_rows.items()}
    for code, changes in (bands or {}).items():
        band = band_rows.get(code)
        if band is None:
            errors[f"band_{code}"] = [_("No altitude band %(code)s.") % {"code": code}]
            continue
        for name, value in changes.items():
            if name in BAND_FIELDS:
                setattr(band, name, value)
        errors.update(field_problems(band, [n for n in changes if n in BAND_FIELDS], prefix=f"band_{code}_"))
    rates = {(r.method, r.band.code): r for r in Productivity.objects.filter(band__parameter_set=params)}
    rate_before = {rate_key: audit.snapshot(r) for rate_key, r in rates.items()}
    for (method, code), value in (productivity or {}).items():
        if code not in band_rows:
            errors["productivity"] = [_("No altitude band %(code)s.") % {"code": code}]
            continue
        rate = rates.get((method, code)) or Productivity(band=band_rows[code], method=method)
        rate.m2_per_unit_day = value
        rates[(method, code)] = rate
        errors.update(field_problems(rate, ["m2_per_unit_day"], prefix=f"rate_{method}_{code}_"))
    area_rows = {row.admin_area.code: row for row in params.district_bands.select_related("admin_area", "band")}
    effective = {code: row.band.code for code, row in area_rows.items()}
    areas = {a.code: a for a in AdminArea.objects.filter(code__in=list(district_bands or {}))}
    for area_code, band_code in (district_bands or {}).items():
        if area_code not in areas:
            errors["district_bands"] = [_("No admin area with code %(code)s.") % {"code": area_code}]
        effective[area_code] = band_code
    errors.update(_season_errors(list(band_rows.values())))
    if errors:
        raise ActionError(errors)
    candidate = to_parameters(params, list(band_rows.values()), list(rates.values()), effective)
    as_of = params.as_of or local_today()
    engine.check(candidate, Capacity(params.deminers, params.machines, params.dogs), as_of, params.start or as_of)
    group = f"save_parameters:{uuid.uuid4().hex[:12]}"
    _save(user, "save_parameters", params, before_set, group)
    for code, band in band_rows.items():
        _save(user, "save_altitude_band", band, band_before[code], group)
    for rate_key, rate in rates.items():
        if rate_key in rate_before:
            _save(user, "save_productivity", rate, rate_before[rate_key], group)
        else:
            rate.save()
            audit.record(user, "save_productivity", rate, None, audit.snapshot(rate), related_to=group)
    for area_code, band_code in (district_bands or {}).items():
        row = area_rows.get(area_code)
        if row is None and band_code == params.default_band:
            continue  # a district not listed already takes the default band
        if row is None:
            row = DistrictBand.objects.create(
                parameter_set=params, admin_area=areas[area_code], band=band_rows[band_code]
            )
            audit.record(user, "set_district_band", row, None, audit.snapshot(row), related_to=group)
        else:
            before = audit.snapshot(row)
            row.band = band_rows[band_code]
            _save(user, "set_district_band", row, before, group)
    return params


@transaction.atomic
def save_scenario(
    user: Any,
    params: ParameterSet,
    *,
    name: str,
    deminers: int,
    machines: int = 0,
    dogs: int = 0,
    teams: int | None = None,
    notes: str = "",
) -> Scenario:
    """Save a named capacity; a scenario of the same name is changed, not duplicated."""
    assert_planner(user)
    name = name.strip()
    if not name:
        raise ActionError(_("The scenario needs a name."), field="name")
    given = Scenario(name=name, deminers=deminers, machines=machines, dogs=dogs, teams=teams, notes=notes)
    problems = field_problems(given, ["name", "deminers", "machines", "dogs", "teams", "notes"])
    if problems:
        raise ActionError(problems)
    engine.check(
        _as_parameters_for_capacity(params),
        Capacity(deminers, machines, dogs, teams),
        dt.date.min,
        dt.date.min,
    )
    scenario = Scenario.objects.select_for_update().filter(parameter_set=params, name=name).first()
    before = audit.snapshot(scenario) if scenario else None
    scenario = scenario or Scenario(parameter_set=params, name=name)
    scenario.deminers, scenario.machines, scenario.dogs, scenario.teams = deminers, machines, dogs, teams
    scenario.notes = notes
    scenario.save()
    audit.record(user, "save_scenario", scenario, before, audit.snapshot(scenario))
    return scenario


def _as_parameters_for_capacity(params: ParameterSet) -> Parameters:
    """The stored parameters with dates cleared: a scenario's check concerns its capacity only."""
    return replace(load(params), as_of=None, start=None, deadline=None)
