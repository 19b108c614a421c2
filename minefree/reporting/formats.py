"""Render a report dict as JSON, CSV or a plain-text table (CLI and downloads alike)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from minefree.core.spreadsheet import safe_row


def contamination_rows(report: dict[str, Any]) -> list[list[Any]]:
    return [[key, report[key]["areas"], report[key]["m2"]] for key in ("CHA", "SHA", "total")]


def render(report: dict[str, Any], rows: list[list[Any]], header: list[str], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(safe_row(header))
        writer.writerows(safe_row(row) for row in rows)
        return out.getvalue()
    if fmt == "table":
        table = [header, *[[f"{v:,}" if isinstance(v, int) else str(v) for v in row] for row in rows]]
        widths = [max(len(str(r[i])) for r in table) for i in range(len(header))]
        lines = [
            "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
            for r in table
        ]
        return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])
    raise ValueError(f"unknown format {fmt!r}; use json, csv or table")
