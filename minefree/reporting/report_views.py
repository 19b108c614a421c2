"""`/reports/`: every registered report's table at its default parameters; `/reports/SLUG/`: one report,
its parameters as a form, its table, and the same figures as CSV here and JSON at the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from minefree.core.errors import ActionError
from minefree.hazards.area_basis import may_choose
from minefree.reporting import formats
from minefree.reporting.registry import REPORTS, ReportDefinition, records_for


@dataclass
class Cell:
    key: str
    value: Any
    text: Any  # what the page shows: the column's word for a coded value, else the value
    number: bool


@dataclass
class Field:
    name: str
    kind: str
    help: Any
    choices: tuple[str, ...]
    value: str
    errors: list[str]


@dataclass
class Table:
    report: ReportDefinition
    head: list[tuple[str, str]]  # (key, "label (unit)")
    body: list[list[Cell]]
    foot: list[list[Cell]]  # the "total" rows
    query: str  # the parameters as a query string, for the JSON and CSV links


def table(report: ReportDefinition, rows: list[list[Any]], query: dict[str, str]) -> Table:
    head = [(c.key, f"{c.label} ({c.unit})" if c.unit else str(c.label)) for c in report.columns]
    cells = [
        [
            Cell(c.key, v, c.values.get(v, v) if isinstance(v, str) else v, isinstance(v, int | float))
            for c, v in zip(report.columns, row, strict=True)
        ]
        for row in rows
    ]
    body = [row for row in cells if row[0].value != "total"]
    foot = [row for row in cells if row[0].value == "total"]
    return Table(report, head, body, foot, urlencode({k: v for k, v in query.items() if v}))


def fields(report: ReportDefinition, query: dict[str, str], errors: dict[str, list[str]]) -> list[Field]:
    return [
        Field(p.name, p.kind.value, p.help, p.choices, query[p.name], errors.get(p.name, [])) for p in report.parameters
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    records = records_for(request.user)
    tables = [
        table(report, report.run(records, report.parse({}))[1], {}) for report in REPORTS.values() if report.on_index
    ]
    return render(request, "reporting/index.html", {"reports": REPORTS.values(), "tables": tables})


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    definition = REPORTS.get(slug)
    if definition is None:
        raise Http404
    query = {p.name: request.GET.get(p.name, "") for p in definition.parameters}
    context: dict[str, Any] = {"report": definition, "api": reverse(f"report-{slug}")}
    try:
        data, rows = definition.run(records_for(request.user), definition.parse(request.GET))
    except ActionError as exc:
        context["fields"] = fields(definition, query, exc.errors)
        context["errors"] = exc.errors.get("", [])
        return render(request, "reporting/report.html", context, status=400)
    if request.GET.get("format") == "csv":
        response = HttpResponse(
            formats.render(data, rows, definition.header(), "csv"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
        return response
    context["fields"] = fields(definition, query, {})
    context["table"] = table(definition, rows, query)
    context["area_basis"] = data.get("area_basis")  # contamination figures say which area they add up
    context["may_choose_basis"] = may_choose(request.user)
    return render(request, "reporting/report.html", context)
