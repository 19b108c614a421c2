"""A small server-rendered timeline: one bar per region and scenario, start to completion."""

from __future__ import annotations

import datetime as dt
from typing import Any

WIDTH, LEFT, ROW, TOP = 760, 150, 16, 24
COLOURS = ["#1d4ed8", "#b54708", "#027a48"]


def timeline(forecasts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Bar and tick coordinates for the template; unfinished plans run to the chart's edge."""
    if not forecasts:
        return None
    start = dt.date.fromisoformat(forecasts[0]["start"])
    ends = [
        dt.date.fromisoformat(r["completion_date"]) for f in forecasts for r in f["regions"] if r["completion_date"]
    ]
    deadline = dt.date.fromisoformat(forecasts[0]["deadline"]) if forecasts[0]["deadline"] else None
    last_year = max([d.year for d in ends] + ([deadline.year] if deadline else []) + [start.year]) + 1
    first, last = dt.date(start.year, 1, 1), dt.date(last_year, 1, 1)
    span = (last - first).days

    def x(day: dt.date) -> float:
        return round(LEFT + (WIDTH - LEFT - 10) * min((day - first).days, span) / span, 1)

    bars, labels = [], []
    y = TOP
    region_codes = [r["code"] for r in forecasts[0]["regions"]]
    for code in region_codes:
        labels.append({"y": y + ROW * len(forecasts) / 2 + 4, "text": code})
        for index, forecast in enumerate(forecasts):
            region = next(r for r in forecast["regions"] if r["code"] == code)
            end = dt.date.fromisoformat(region["completion_date"]) if region["completion_date"] else last
            bars.append(
                {
                    "x": x(start),
                    "y": y,
                    "w": max(1.0, round(x(end) - x(start), 1)),
                    "colour": COLOURS[index % len(COLOURS)],
                    "title": f"{forecast['scenario']}: {code} {region['completion_date'] or '…'}",
                }
            )
            y += ROW
        y += ROW // 2
    ticks = [{"x": x(dt.date(year, 1, 1)), "text": str(year)} for year in range(first.year, last_year + 1)]
    return {
        "width": WIDTH,
        "height": y + 20,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "deadline": x(deadline) if deadline else None,
        "axis_y": y,
        "legend": [{"colour": COLOURS[i % len(COLOURS)], "text": f["scenario"]} for i, f in enumerate(forecasts)],
    }
