"""One registration per record type gives it list and detail pages, an API, and generic tests.

A record type that needs no pages of its own (most of the pillars) is registered in its app's
`records.py`; the generic views, the API router and the test mixin read this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet


@dataclass(frozen=True)
class RecordType:
    model: type[models.Model]
    slug: str  # URL part: /records/<slug>/ and /api/v1/<slug>/
    columns: tuple[str, ...]  # list page columns, in order (the API sends every field but `hidden`)
    filters: tuple[str, ...] = ()
    # The field report kind through which operators submit it (fieldwork.payload.KINDS). Without one,
    # `entered_by` says why: "nmac" (the NMAC's own QA instruments) or "reference" (set up by the NMAC).
    report_kind: str | None = None
    entered_by: str = "operators"
    # Fields never shown or sent (encrypted personal data is read through its own audited page).
    hidden: tuple[str, ...] = ()
    children: tuple[str, ...] = field(default=())  # related names shown on the detail page
    # A valid report payload of `report_kind`, for the generic tests and the docs.
    sample: Callable[[], dict[str, Any]] | None = None
    # The report is about a hazardous area (it names one, as a marking report does).
    report_needs_hazard: bool = False
    # URL name of the audited page that decrypts the sealed fields (POST, takes pk).
    personal_url: str | None = None
    # Further relations a column's label reads (an asset's team prints as "<organisation> <name>"),
    # fetched in the list's own query: "team__organisation".
    related: tuple[str, ...] = ()

    @property
    def title(self) -> Any:
        return self.model._meta.verbose_name_plural

    def listed(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        """`rows` with the related records the list columns print joined in, not fetched row by row."""
        forward = [
            name
            for name in self.columns
            if (f := self.model._meta.get_field(name)).concrete and (f.many_to_one or f.one_to_one)
        ]
        return rows.select_related(*forward, *self.related)

    def with_children(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        """`rows` with their `children` fetched in one query per child list, not one per row."""
        return rows.prefetch_related(*self.children)


REGISTRY: dict[str, RecordType] = {}
# Report kinds with a web form (the fieldwork app adds its forms' kinds in its ready()); the others
# come by API or ODK only, so their list pages offer no "report" button.
WEB_FORM_KINDS: set[str] = set()


def register(record_type: RecordType) -> RecordType:
    if record_type.slug in REGISTRY:
        raise ValueError(f"record type {record_type.slug!r} registered twice")
    REGISTRY[record_type.slug] = record_type
    return record_type
