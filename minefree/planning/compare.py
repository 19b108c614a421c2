"""Scenarios side by side for one reader: the page and its JSON twin share this."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.dashboards.cached import figures
from minefree.gazetteer.home import home_country_code, local_today
from minefree.hazards.models import HazardAreaState
from minefree.planning import engine, store
from minefree.planning.models import ParameterSet
from minefree.planning.params import Capacity
from minefree.planning.work import remaining_work

MAX_SCENARIOS = 3


def whole_number(text: str, name: str) -> int:
    try:
        return int(text.strip() or 0)
    except ValueError as exc:
        raise ActionError(_("%(text)r is not a whole number.") % {"text": text}, field=name) from exc


def _day(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ActionError(_("%(text)r is not a date like 2025-12-31.") % {"text": text}, field=name) from exc


def capacities(params: ParameterSet, query: QueryDict) -> list[Capacity]:
    """Up to three capacities from the query (deminers=90&deminers=180...), else the saved scenarios."""
    deminers = query.getlist("deminers")[:MAX_SCENARIOS]
    if not deminers:
        saved = [store.capacity(params, s) for s in params.scenarios.all()[:MAX_SCENARIOS]]
        return saved or [store.capacity(params)]
    machines, dogs, names = query.getlist("machines"), query.getlist("dogs"), query.getlist("name")
    result = []
    for i, text in enumerate(deminers):
        if not text.strip():
            continue  # an empty column of the form
        result.append(
            Capacity(
                deminers=whole_number(text, "deminers"),
                machines=whole_number(machines[i], "machines") if i < len(machines) else 0,
                dogs=whole_number(dogs[i], "dogs") if i < len(dogs) else 0,
                name=names[i].strip()[:100] if i < len(names) else "",
            )
        )
    return result or [store.capacity(params)]


def compare(user: Any, query: QueryDict) -> dict[str, Any]:
    """Forecasts for the query's capacities over the national record as `user` may see it; kept
    until the records or the parameters change (a day-by-day simulation per scenario is slow)."""
    asked = sorted((name, values) for name, values in query.lists())
    return figures(f"planner:{asked!r}", user, lambda: _compare(user, query))


def _compare(user: Any, query: QueryDict) -> dict[str, Any]:
    params = store.current_set()
    values = store.with_dates(
        store.load(params), as_of=_day(query.get("as_of"), "as_of"), deadline=_day(query.get("deadline"), "deadline")
    )
    as_of = values.as_of or local_today()
    states = HazardAreaState.objects.restrict(user, Action.VIEW)
    rows = remaining_work(states, as_of, query.get("country") or home_country_code())
    forecasts = [engine.forecast(rows, values, capacity, today=as_of) for capacity in capacities(params, query)]
    return {"parameters": params.name, "scenarios": forecasts}
