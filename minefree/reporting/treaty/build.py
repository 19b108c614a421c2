"""Generate a treaty report for a year and tick its cover page: changed, unchanged, not applicable.

The rule: a form is compared with the same form of the baseline, which is the content recorded
when the latest earlier report of the same treaty was submitted (its snapshot); when no earlier
report was submitted, the report for the year before, generated now from the same data. A form
that differs (any figure or the narrative) is "changed"; one equal to it is "unchanged (last
reporting: that year)"; a form with no figures and no narrative is "not applicable".
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from minefree.core.dates import earliest_day
from minefree.core.errors import ActionError
from minefree.gazetteer.home import home_country, local_today
from minefree.reporting.models import Treaty, TreatyReport
from minefree.reporting.treaty import apmbc, ccm, figures
from minefree.reporting.treaty.content import Form, Mark, Report, form_titles
from minefree.reporting.treaty.sources import Sources

BUILDERS: dict[str, Callable[[Sources, str, int, dict[str, str]], list[Form]]] = {
    Treaty.APMBC: apmbc.build,
    Treaty.CCM: ccm.build,
}
TITLES: dict[str, Callable[[], dict[str, str]]] = {
    Treaty.APMBC: functools.partial(form_titles, apmbc.FORMS),
    Treaty.CCM: functools.partial(form_titles, ccm.FORMS),
}


def check_request(treaty: str, year: int) -> None:
    if treaty not in BUILDERS:
        raise ActionError(_("Unknown treaty %(t)r: use apmbc or ccm.") % {"t": treaty}, field="treaty")
    if year > local_today().year:
        raise ActionError(_("%(year)s is in the future.") % {"year": year}, field="year")
    if year < earliest_day().year:
        raise ActionError(
            _("%(year)s is before %(earliest)s; check the year.") % {"year": year, "earliest": earliest_day()},
            field="year",
        )


def has_data(src: Sources, country: str, year: int) -> bool:
    """Any hazardous area recorded by the year's end, or any activity, accident or session in it."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (
        src.states.filter(hazard__country__code=country, valid_from__lte=end).exists()
        or src.casualties.filter(accident__country__code=country, accident__date__range=(start, end)).exists()
        or src.sessions.filter(admin_area__country__code=country, date__range=(start, end)).exists()
    )


def areas_at_year_end(src: Sources, country: str | None, year: int) -> int:
    """How many hazardous areas remain on 31 December: what makes a report long."""
    day = dt.date(year, 12, 31)
    return int(figures.remaining_states(src, country, day).count())


def _entered(src: Sources, treaty: str, year: int) -> TreatyReport | None:
    return src.reports.filter(treaty=treaty, year=year).first()


def generate(src: Sources, treaty: str, year: int, marks: bool = True) -> Report:
    """The report as the reader of `src` may see it; raises ActionError for a year with nothing to report."""
    check_request(treaty, year)
    country = home_country()
    if country is None or not has_data(src, country.code, year):
        raise ActionError(
            _("No data for %(year)s: no hazardous area recorded by its end and no accident or risk education in it.")
            % {"year": year},
            field="year",
        )
    entered = _entered(src, treaty, year)
    report = Report(
        treaty=treaty,
        title=str(Treaty(treaty).label),
        year=year,
        state=country.display_name,
        contact=entered.contact if entered else "",
        submitted_on=entered.submitted_on if entered else None,
        generated_at=timezone.now(),
        forms=BUILDERS[treaty](src, country.code, year, entered.narratives if entered else {}),
    )
    if marks:
        _mark(src, report, country.code)
    return report


def canonical(contents: dict[str, Any]) -> dict[str, Any]:
    """JSON round trip, so generated content and a stored snapshot compare alike."""
    result: dict[str, Any] = json.loads(json.dumps(contents, cls=DjangoJSONEncoder))
    return result


def _baseline(src: Sources, report: Report, country: str) -> tuple[dict[str, Any], int, str]:
    earlier = (
        src.reports.filter(Q(treaty=report.treaty, year__lt=report.year) & Q(snapshot__isnull=False))
        .order_by("-year")
        .first()
    )
    if earlier is not None and earlier.snapshot:
        return earlier.snapshot, earlier.year, _("the report submitted for %(y)s") % {"y": earlier.year}
    previous = report.year - 1
    entered = _entered(src, report.treaty, previous)
    forms = BUILDERS[report.treaty](src, country, previous, entered.narratives if entered else {})
    contents = canonical({f.letter: f.content() for f in forms})
    return contents, previous, _("the report for %(y)s generated from the same data") % {"y": previous}


def _mark(src: Sources, report: Report, country: str) -> None:
    baseline, base_year, described = _baseline(src, report, country)
    report.baseline = described
    current = canonical(report.contents())
    for form in report.forms:
        if form.is_empty():
            report.marks[form.letter] = Mark("not_applicable", _("not applicable"))
        elif baseline.get(form.letter) == current[form.letter]:
            report.marks[form.letter] = Mark(
                "unchanged", _("unchanged (last reporting: %(y)s)") % {"y": base_year}, base_year
            )
        else:
            report.marks[form.letter] = Mark("changed", _("changed"))
