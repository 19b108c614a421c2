"""One registration per report gives its command (`minefree report SLUG`), its endpoint
(`/api/v1/reports/SLUG/`) and its page (`/reports/SLUG/`); none of the three lists reports by hand.

A report registers in the app that owns its data (`hazards/figures.py`, ...), or here for one that
crosses pillars. `compute` gets `Records`: what the reader may see, through `restrict`; the command
line is the server's own operator and reads the whole national record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from minefree.core.permissions import Action
from minefree.reporting.parameters import Parameter

Records = Callable[[type[Model]], QuerySet[Any]]
FORMATS = ("json", "csv", "table")
# Old field-report addresses under /reports/ redirect to /field-reports/: a report may not take their names.
RESERVED = {"new", "notifications"}


@dataclass(frozen=True)
class Column:
    key: str  # the CSV and table header, and the JSON key where there is one
    label: str | Promise  # the page's header
    unit: str = ""  # "m²", "USD", ... shown after the label
    values: Mapping[str, str | Promise] = field(default_factory=dict)  # the page's words for coded cells


@dataclass(frozen=True)
class ReportDefinition:
    slug: str
    title: str | Promise
    description: str | Promise
    parameters: tuple[Parameter, ...]
    compute: Callable[[Records, dict[str, Any]], dict[str, Any]]  # -> the JSON the API and `--format json` give
    rows: Callable[[dict[str, Any]], list[list[Any]]]  # -> the table rows under `columns`
    columns: tuple[Column, ...]
    on_index: bool = True  # the index page shows its table at the default parameters
    formats: tuple[str, ...] = field(default=FORMATS)

    def parse(self, query: Mapping[str, str]) -> dict[str, Any]:
        """Parameters from a query string or a form: ActionError names the first bad one."""
        return {p.name: p.parse(query.get(p.name)) for p in self.parameters}

    def header(self) -> list[str]:
        return [c.key for c in self.columns]

    def run(self, records: Records, params: dict[str, Any]) -> tuple[dict[str, Any], list[list[Any]]]:
        data = self.compute(records, params)
        return data, self.rows(data)


REPORTS: dict[str, ReportDefinition] = {}


def register(definition: ReportDefinition) -> ReportDefinition:
    if definition.slug in REPORTS or definition.slug in RESERVED:
        raise ValueError(f"a report named {definition.slug!r} is already registered or reserved")
    REPORTS[definition.slug] = definition
    return definition


def records_for(user: AbstractBaseUser | AnonymousUser | None) -> Records:
    """What `user` may view of each model; None is the command line (the whole record)."""

    def records(model: type[Model]) -> QuerySet[Any]:
        manager: Any = model._default_manager
        return manager.all() if user is None else manager.restrict(user, Action.VIEW)

    return records
