"""`minefree plan`: the completion forecast for a capacity, from the whole national record."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-12-31") from exc


def add_plan_parser(sub: Any) -> None:
    p = sub.add_parser("plan", help="forecast completion and the budget per year for a capacity")
    p.add_argument("--deminers", type=int, help="deminers (default: the scenario's, else today's capacity)")
    p.add_argument("--teams", type=int, help="teams (default: as many as the deminers need)")
    p.add_argument("--machines", type=int, help="demining machines")
    p.add_argument("--dogs", type=int, help="mine detection dogs")
    p.add_argument("--scenario", help="start from a saved scenario by name")
    p.add_argument("--team-year-usd", type=float, help="cost of one team for a year")
    p.add_argument("--overhead-year-usd", type=float, help="overheads per year")
    p.add_argument("--as-of", type=_date, help="baseline: remaining contamination on this day")
    p.add_argument("--start", type=_date, help="first working day (default: the day after the baseline)")
    p.add_argument("--deadline", type=_date, help="completion deadline")
    p.add_argument("--country", help="ISO alpha-3 code (default: the NMAC's country)")
    p.add_argument("--format", choices=["json", "csv", "table"], default="table")
    p.set_defaults(func=plan)


def plan(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from minefree.core.errors import ActionError
    from minefree.gazetteer.home import home_country_code, local_today
    from minefree.hazards.models import HazardAreaState
    from minefree.planning import engine, store
    from minefree.planning.work import remaining_work

    try:
        params = store.current_set()
        scenario = store.scenario_named(params, args.scenario) if args.scenario else None
        capacity = store.capacity(
            params, scenario, deminers=args.deminers, teams=args.teams, machines=args.machines, dogs=args.dogs
        )
        values = store.with_dates(store.load(params), as_of=args.as_of, start=args.start, deadline=args.deadline)
        costs = {"team_year_usd": args.team_year_usd, "overhead_year_usd": args.overhead_year_usd}
        values = replace(values, **{key: value for key, value in costs.items() if value is not None})
        as_of = values.as_of or local_today()
        # The CLI is the server's own operator: it reads the whole national record.
        rows = remaining_work(HazardAreaState.objects.all(), as_of, args.country or home_country_code())
        result = engine.forecast(rows, values, capacity, today=as_of)
    except ActionError as exc:
        print(f"minefree plan: {exc}", file=sys.stderr)
        return 2
    print(render(result, args.format))
    return 0


def render(result: dict[str, Any], fmt: str) -> str:
    """JSON as is; CSV and table: one row per region and a total, then (table) the budget by year."""
    from minefree.reporting import formats

    header = ["region", "areas", "m2", "completion_date", "meets_deadline"]
    rows = [
        [r["code"], r["areas"], r["m2"], r["completion_date"] or "", _yes(r["meets_deadline"])]
        for r in result["regions"]
    ]
    remaining = result["remaining"]
    rows.append(
        ["total", remaining["areas"], remaining["m2"], result["completion_date"] or "", _yes(result["meets_deadline"])]
    )
    text = formats.render(result, rows, header, fmt)
    if fmt != "table":
        return text.rstrip("\n")  # print() ends the line
    budget = [[year, usd] for year, usd in result["budget_by_year"].items()] + [["total", result["total_cost_usd"]]]
    capacity = result["capacity"]
    summary = (
        f"{result['scenario']}: {capacity['deminers']} deminers in {capacity['teams']} teams, "
        f"{capacity['machines']} machines, {capacity['dogs']} dogs; baseline {result['as_of']}, "
        f"deadline {result['deadline'] or '-'}; {result['annual_budget_usd']:,} USD a year"
    )
    return "\n\n".join([summary, text, formats.render(result, budget, ["year", "budget_usd"], "table")])


def _yes(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")
