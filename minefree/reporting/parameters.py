"""A report's parameters, declared once and read alike from a command line, a query string and a form.

The API and the page are strict (a date parameter takes a date, a year parameter a year); the command
line also takes a year for a date bound (1 January or 31 December) and a date for a year bound.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError


class Kind(StrEnum):
    DATE = "date"
    YEAR = "year"
    TEXT = "text"


@dataclass(frozen=True)
class Parameter:
    name: str  # the query-string name; the CLI option is --name with "_" as "-"
    kind: Kind
    help: str | Promise
    bound: str = ""  # "start" or "end" for a period bound: the CLI then reads a year as its first or last day
    choices: tuple[str, ...] = ()
    default: Callable[[], Any] | None = None

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    def parse(self, text: str | None) -> Any:
        """The value of a query string or form field; empty is the default; bad input is an ActionError."""
        if not text:
            return self.default() if self.default else None
        if self.kind == Kind.DATE:
            try:
                return dt.date.fromisoformat(text)
            except ValueError as exc:
                raise ActionError(
                    _("%(text)r is not a date like 2019-03-31.") % {"text": text}, field=self.name
                ) from exc
        if self.kind == Kind.YEAR:
            if not (text.isdigit() and len(text) == 4):
                raise ActionError(_("%(text)r is not a year like 2013.") % {"text": text}, field=self.name)
            return int(text)
        if self.choices and text not in self.choices:
            message = _("%(text)r is not one of %(choices)s.") % {"text": text, "choices": ", ".join(self.choices)}
            raise ActionError(message, field=self.name)
        return text

    def parse_cli(self, text: str) -> Any:
        """The value of the command-line option (an argparse `type`): a date or, for a period bound, a year."""
        year = text.isdigit() and len(text) == 4
        if self.kind == Kind.YEAR:
            return int(text) if year else _cli_date(text).year
        if self.kind == Kind.DATE:
            if year and self.bound:
                return dt.date(int(text), 12, 31) if self.bound == "end" else dt.date(int(text), 1, 1)
            return _cli_date(text)
        return text

    def finish_cli(self, value: Any) -> Any:
        """An option left out takes the default, as an empty query-string value does."""
        if value is None and self.default:
            return self.default()
        return value


def _cli_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2019-03-31") from exc


def period(start_help: str | Promise, end_help: str | Promise, kind: Kind = Kind.DATE) -> tuple[Parameter, Parameter]:
    """`from` and `to`: the first and last day (or year) counted, both open by default."""
    return Parameter("from", kind, start_help, bound="start"), Parameter("to", kind, end_help, bound="end")
