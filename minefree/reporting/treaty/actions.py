"""Named actions on treaty reports: the NMAC's text per form, and recording a report as submitted.

Only narratives, the point of contact and the date of submission are typed; figures never are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError, Conflict, check_version
from minefree.core.permissions import Action, assert_can, assert_may_add
from minefree.gazetteer.home import local_today
from minefree.reporting.models import TreatyReport
from minefree.reporting.treaty import build
from minefree.reporting.treaty.sources import Sources

MAX_TEXT = 20_000
FIRST_YEAR = 1997  # the APMBC was opened for signature in December 1997


def _report(user: Any, treaty: str, year: int) -> TreatyReport:
    """The row for (treaty, year), locked; made on first use by someone who may add it."""
    build.check_request(treaty, year)
    if year < FIRST_YEAR:
        raise ActionError(_("%(year)s is before the conventions existed.") % {"year": year}, field="year")
    # A national document: only an editor of the whole national record (no admin-area limit) writes it.
    assert_may_add(user, TreatyReport, None)
    existing = TreatyReport.objects.select_for_update().filter(treaty=treaty, year=year).first()
    if existing is not None:
        assert_can(existing, user, Action.CHANGE)
        return existing
    return TreatyReport(treaty=treaty, year=year, version=0)


def _audited(report: TreatyReport) -> dict[str, Any]:
    """The row for the audit log; the stored content is long, so only its fingerprint goes there."""
    data = audit.snapshot(report)
    if report.snapshot is not None:
        text = json.dumps(report.snapshot, sort_keys=True, ensure_ascii=False)
        data["snapshot"] = {"forms": sorted(report.snapshot), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    return data


def _save(report: TreatyReport) -> None:
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # two first saves of the same year at once: the second is refused (409)
        raise Conflict(
            _("Someone else started this report at the same time: open it again and apply your change."),
            field="version",
        ) from exc


def _check_submitted_on(year: int, day: dt.date | None) -> None:
    if day is None:
        return
    if day > local_today():
        raise ActionError(_("%(day)s is in the future.") % {"day": day}, field="submitted_on")
    if day.year <= year:
        raise ActionError(
            _("A report for %(year)s is submitted after the year ends, not on %(day)s.") % {"year": year, "day": day},
            field="submitted_on",
        )


@transaction.atomic
def save_treaty_report(
    user: Any,
    *,
    treaty: str,
    year: int,
    narratives: dict[str, str],
    contact: str,
    submitted_on: dt.date | None,
    expected_version: int | None = None,
) -> TreatyReport:
    """Set the narrative of each form, the point of contact and the date of submission."""
    report = _report(user, treaty, year)
    before = _audited(report) if report.pk else None
    if report.pk:
        check_version(report.version, expected_version, before or {})
    letters = set(build.TITLES[treaty]())
    unknown = sorted(set(narratives) - letters)
    if unknown:
        raise ActionError(_("There is no form %(f)s in this report.") % {"f": ", ".join(unknown)}, field="narratives")
    for letter, text in narratives.items():
        if len(text) > MAX_TEXT:
            raise ActionError(
                _("The text of form %(f)s is longer than %(n)s characters.") % {"f": letter, "n": MAX_TEXT},
                field=f"narrative_{letter}",
            )
    _check_submitted_on(year, submitted_on)
    report.narratives = {letter: text.strip() for letter, text in sorted(narratives.items()) if text.strip()}
    report.contact = contact.strip()
    report.submitted_on = submitted_on
    report.version += 1
    _save(report)
    audit.record(user, "save_treaty_report", report, before, _audited(report))
    return report


@transaction.atomic
def record_treaty_submission(user: Any, *, treaty: str, year: int, submitted_on: dt.date) -> TreatyReport:
    """Keep each form's content as sent; the next year's cover page compares against it."""
    report = _report(user, treaty, year)
    before = _audited(report) if report.pk else None
    _check_submitted_on(year, submitted_on)
    generated = build.generate(Sources.for_user(user), treaty, year, marks=False)
    report.snapshot = build.canonical(generated.contents())
    report.submitted_on = submitted_on
    report.version += 1
    _save(report)
    audit.record(user, "record_treaty_submission", report, before, _audited(report))
    return report
