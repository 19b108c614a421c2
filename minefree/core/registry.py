"""One registration per record type gives it list and detail pages, an API, and generic tests.

A record type that needs no pages of its own (most of the pillars) is registered in its app's
`records.py`; the generic views, the API router and the test mixin read this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


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

    @property
    def title(self) -> Any:
        return self.model._meta.verbose_name_plural


REGISTRY: dict[str, RecordType] = {}


def register(record_type: RecordType) -> RecordType:
    if record_type.slug in REGISTRY:
        raise ValueError(f"record type {record_type.slug!r} registered twice")
    REGISTRY[record_type.slug] = record_type
    return record_type
