"""Cells that a spreadsheet shows as what they are, never runs as a formula (OWASP CSV injection).

Every CSV and XLSX writer passes each cell through `safe_cell`: text that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return gets a `'` in front, so Excel and LibreOffice show it as
text; numbers stay numbers, and so does text that is just a number (`-12.5`), which no
spreadsheet runs as anything else.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.functional import Promise

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number, as a spreadsheet reads one: sign, digits, an optional fraction and exponent.
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_text(text: str) -> str:
    """`text`, with a leading `'` if a spreadsheet would otherwise read it as a formula."""
    if text[:1] in TRIGGERS and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A cell for a CSV or XLSX writer: text made safe; numbers, dates, booleans and None unchanged."""
    if isinstance(value, Promise):  # a lazily translated label
        value = str(value)
    return safe_text(value) if isinstance(value, str) else value


def safe_row(values: Any) -> list[Any]:
    return [safe_cell(v) for v in values]
