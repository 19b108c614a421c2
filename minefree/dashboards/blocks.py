"""One dashboard block: a chart, the table with the same numbers, and its CSV and JSON twins."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from minefree.core.spreadsheet import safe_row
from minefree.dashboards import charts
from minefree.exports import hxl

# How "data as of" was found: the latest date of information that fed the block, or today for a
# figure that describes the present state of the record.
LATEST_INFORMATION = "latest_information"
CURRENT_STATE = "current_state"


@dataclass(frozen=True)
class Column:
    key: str  # also the HXL key (exports/hxl.py) and the JSON key
    label: str

    @property
    def hxl(self) -> str:
        return hxl.dashboard_tag(self.key)


@dataclass
class Block:
    slug: str
    title: str
    as_of: dt.date | None
    basis: str
    columns: list[Column]
    rows: list[list[Any]]
    plot: charts.Plot | None
    note: str = ""
    summary: list[tuple[str, str, Any]] = field(default_factory=list)  # (key, label, value) shown above the chart
    # Long tables (region × year) are shown on the page as the chart draws them: one row per
    # category, one column per series. The CSV and JSON keep every column.
    table_from_plot: bool = False
    # What records fed the block ("Land release"): the page says they are recorded up to `as_of`,
    # or up to `up_to_year` where only the year may be published or is all the records hold.
    what: str = ""
    up_to_year: int | None = None
    # One address per row (the region's districts): the row's name cell and its bar link there.
    links: list[str] = field(default_factory=list)

    @property
    def covers(self) -> str:
        """The period the figures cover, from the data: "Funding recorded up to 2017"."""
        if self.up_to_year is not None:
            return recorded_year(self.what, self.up_to_year)
        if self.basis == CURRENT_STATE:
            return _("%(what)s as recorded today") % {"what": self.what}
        return recorded(self.what, self.as_of)

    def table_header(self) -> list[str]:
        if self.table_from_plot and self.plot:
            return [_("Year"), *(name for name, _values in self.plot.series)]
        return [c.label for c in self.columns]

    def table(self) -> list[list[str]]:
        """The rows as the page shows them: thousands separated, years and codes as they are."""
        if self.table_from_plot and self.plot:
            values = [v for _n, v in self.plot.series]
            return [[c, *(display(series[i]) for series in values)] for i, c in enumerate(self.plot.categories)]
        plain = {"year", "region_code", "donor_code", "admin_area"}

        def cell(key: str, value: Any) -> str:
            if key == "date" and isinstance(value, str):  # ISO in the twins, the reader's way on the page
                return short_day(dt.date.fromisoformat(value))
            return display(value, key in plain)

        return [[cell(c.key, v) for c, v in zip(self.columns, row, strict=True)] for row in self.rows]

    def linked_table(self) -> list[tuple[list[str], str]]:
        """The table's rows, each with the address its name links to ("" for none)."""
        rows = self.table()
        links = self.links if len(self.links) == len(rows) and not self.table_from_plot else [""] * len(rows)
        return list(zip(rows, links, strict=True))

    def headline(self) -> list[tuple[str, str]]:
        return [(label, display(value)) for _key, label, value in self.summary]

    def svg(self) -> SafeString | None:
        return charts.render(self.plot, self.title) if self.plot and self.plot.categories else None

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "as_of_basis": self.basis,
            "covers": self.covers,
            "note": self.note,
            "summary": {key: value for key, _label, value in self.summary},
            "columns": [{"key": c.key, "label": c.label, "hxl": c.hxl} for c in self.columns],
            "rows": [dict(zip((c.key for c in self.columns), row, strict=True)) for row in self.rows],
        }

    def as_csv(self) -> str:
        """Header, the HXL hashtag row under it, then the rows; a BOM so Excel reads Cyrillic names."""
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(safe_row(c.label for c in self.columns))
        writer.writerow(safe_row(c.hxl for c in self.columns))
        writer.writerows(safe_row("" if v is None else v for v in row) for row in self.rows)
        return out.getvalue()


def bars(rows: list[list[Any]], category: int, series: list[tuple[str, int]]) -> charts.Plot:
    """Stacked bars of the table's own columns: one column names the bars, each (label, column) is a series."""
    return charts.Plot("bar", [str(r[category]) for r in rows], [(label, [r[i] for r in rows]) for label, i in series])


def number(value: float, decimals: int = 0) -> str:
    """A number as the reader's language writes it: "1,234.5" in English, "1 234,5" in Russian."""
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT", use_l10n=True)


def short_day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT", use_l10n=True)


def recorded(what: str, value: dt.date | None) -> str:
    if value is None:
        return _("%(what)s: nothing recorded yet") % {"what": what}
    return _("%(what)s recorded up to %(date)s") % {"what": what, "date": day(value)}


def recorded_year(what: str, year: int | None) -> str:
    if year is None:
        return _("%(what)s: nothing recorded yet") % {"what": what}
    return _("%(what)s recorded up to %(year)s") % {"what": what, "year": year}


def display(value: Any, plain: bool = False) -> str:
    if value is None:
        return "–"
    if plain or isinstance(value, str):
        return str(value)
    if isinstance(value, float):
        return number(value, 1)
    return number(value)


def latest(qs: Any, field_name: str) -> dt.date | None:
    """The latest value of a date field over a queryset (the block's "data as of")."""
    from django.db.models import Max

    value = qs.aggregate(latest=Max(field_name))["latest"]
    if isinstance(value, dt.datetime):
        return value.date()
    return value
