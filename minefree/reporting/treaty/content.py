"""The shape of a generated treaty report: a cover page and forms of tables and narrative.

Rows hold language-neutral values (numbers, codes, names from the record); a column may map codes
to labels for display. Comparing two years (`Form.content`) therefore ignores the UI language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# Column kinds: text, int (whole number), m2 (whole square metres), coord (degrees), date.
NUMERIC = {"int", "m2", "coord"}

# A treaty's forms as its module lists them: letter, title, Article 7 paragraph (both gettext_noop).
FormSpec = tuple[str, str, str]


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"
    labels: dict[str, str] | None = None  # code -> label, for display only

    def show(self, value: Any) -> Any:
        if self.labels is not None and isinstance(value, str):
            return self.labels.get(value, value)
        return value

    def text(self, value: Any) -> str:
        """The value as printed: labels for codes, thousands separators, five decimals for degrees."""
        value = self.show(value)
        if value is None:
            return ""
        if self.kind in ("int", "m2") and isinstance(value, int | float):
            return f"{value:,.0f}"
        if self.kind == "coord" and isinstance(value, float):
            return f"{value:.5f}"
        return str(value)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    total: list[Any] | None = None  # a totals row, shown last
    note: str = ""

    def column(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    @property
    def shown(self) -> list[list[tuple[str, bool]]]:
        """Each cell as printed, and whether it is a number (right-aligned)."""
        return [self._cells(row) for row in self.rows]

    @property
    def shown_total(self) -> list[tuple[str, bool]]:
        return self._cells(self.total or [])

    def _cells(self, row: list[Any]) -> list[tuple[str, bool]]:
        return [(c.text(v), c.kind in NUMERIC) for c, v in zip(self.columns, row, strict=True)]


@dataclass
class Form:
    letter: str
    title: str
    article: str  # the paragraph of Article 7 the form answers
    tables: list[Table] = field(default_factory=list)
    narrative: str = ""

    def content(self) -> dict[str, Any]:
        """What the cover page compares between years: the figures and the narrative."""
        return {
            "narrative": self.narrative.strip(),
            "tables": {t.key: {"rows": t.rows, "total": t.total} for t in self.tables},
        }

    def is_empty(self) -> bool:
        return not self.narrative.strip() and not any(t.rows for t in self.tables)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def total_of(rows: list[list[Any]], columns: range) -> list[Any]:
    """A totals row: "Total" in the first cell, then each of `columns` summed over the rows."""
    return [_("Total"), *(sum(r[i] for r in rows) for i in columns)]


def form_titles(specs: list[FormSpec]) -> dict[str, str]:
    return {letter: _(title) for letter, title, _art in specs}


def blank_forms(specs: list[FormSpec], narratives: dict[str, str]) -> dict[str, Form]:
    """Every form of a treaty, in order, with its narrative and no tables yet."""
    return {
        letter: Form(letter, _(title), _(art), narrative=narratives.get(letter, "")) for letter, title, art in specs
    }


@dataclass
class Mark:
    """The cover page's tick for one form."""

    code: str  # changed, unchanged, not_applicable
    label: str
    last_reporting: int | None = None


@dataclass
class Report:
    treaty: str
    title: str
    year: int
    state: str
    contact: str
    submitted_on: dt.date | None
    generated_at: dt.datetime
    forms: list[Form]
    marks: dict[str, Mark] = field(default_factory=dict)
    baseline: str = ""  # what the marks were compared with, in words

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)

    def form(self, letter: str) -> Form:
        return next(f for f in self.forms if f.letter == letter)

    @property
    def cover(self) -> list[tuple[Form, Mark | None]]:
        return [(f, self.marks.get(f.letter)) for f in self.forms]

    def contents(self) -> dict[str, Any]:
        return {f.letter: f.content() for f in self.forms}
