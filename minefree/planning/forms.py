"""Read the parameters page's POST into typed values for `save_parameters`, or errors per field."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from minefree.core.dates import earliest_day
from minefree.planning.models import Method, ParameterSet

# A plan looks at most this far ahead; a later date is a typing error.
LATEST_YEAR = 2200

DATES = ("as_of", "start", "deadline")
INTEGERS = ("deminers", "machines", "dogs", "deminers_per_team", "horizon_years")
NUMBERS = (
    "team_year_usd",
    "machine_year_usd",
    "dog_year_usd",
    "overhead_year_usd",
    "sha_survey_share",
    "cha_survey_share",
)
TEXTS = ("name", "default_band", "notes")
BAND_INTEGERS = ("season_month", "season_day", "season_days")


def _number(text: str, whole: bool) -> float | int:
    value = float(text.replace(",", "").strip())
    if not math.isfinite(value):
        raise ValueError(text)
    if whole:
        if value != int(value):
            raise ValueError(text)
        return int(value)
    return value


def parse(params: ParameterSet, post: QueryDict) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Keyword arguments for save_parameters, and the fields that could not be read."""
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {}
    for name in DATES:
        text = post.get(name, "").strip()
        try:
            fields[name] = dt.date.fromisoformat(text) if text else None
        except ValueError:
            errors[name] = [_("Not a date like 2025-12-31.")]
            continue
        if fields[name] and not earliest_day() <= fields[name] <= dt.date(LATEST_YEAR, 12, 31):
            errors[name] = [
                _("Give a date from %(first)s to %(last)s.") % {"first": earliest_day(), "last": f"{LATEST_YEAR}-12-31"}
            ]
    for name in INTEGERS + NUMBERS:
        try:
            fields[name] = _number(post.get(name, ""), name in INTEGERS)
        except ValueError:
            errors[name] = [_("Not a number.") if name in NUMBERS else _("Not a whole number.")]
    for name in TEXTS:
        fields[name] = post.get(name, "").strip()
    bands: dict[str, dict[str, Any]] = {}
    productivity: dict[tuple[str, str], float] = {}
    for band in params.bands.all():
        values: dict[str, Any] = {"name": post.get(f"band_{band.code}_name", band.name).strip()}
        for name in BAND_INTEGERS:
            key = f"band_{band.code}_{name}"
            try:
                values[name] = _number(post.get(key, ""), True)
            except ValueError:
                errors[key] = [_("Not a whole number.")]
        bands[band.code] = values
        for method in Method.values:
            key = f"rate_{method}_{band.code}"
            try:
                productivity[(method, band.code)] = float(_number(post.get(key, ""), False))
            except ValueError:
                errors[key] = [_("Not a number.")]
    districts = {
        key.removeprefix("district_"): value for key, value in post.items() if key.startswith("district_") and value
    }
    return {"fields": fields, "bands": bands, "productivity": productivity, "district_bands": districts}, errors
