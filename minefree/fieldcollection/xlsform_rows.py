"""Questions a bundled XLSForm takes from its report kind's declaration.

A bundled form (`xlsforms/<kind>.md`) lays out the questions that need more than the declaration says
(a constraint between answers, a repeat, a geometry, a file of districts). Every other declared
question it does not ask is added here, in the declaration's order, with its labels, help and choices
in each of the form's languages and its required mark: a field added to a model reaches the phones
without editing the form. The added rows change the form's version, so Collect fetches it again.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from minefree.fieldwork.declare import Question, ReportKind

# The declared question types a plain XLSForm row can ask; the others need a hand-written row.
XLS_TYPES = {
    "text": "text",
    "long_text": "text",
    "day": "date",
    "count": "integer",
    "amount": "decimal",
    "choice": "select_one",
    "flag": "select_one",
}
LANGUAGE = re.compile(r"\((\w+)\)\s*$")  # label::Russian (ru) -> ru


def complete(source: str, kind: ReportKind) -> str:
    """The form's markdown with a row for every plain declared question it does not ask."""
    lines = source.splitlines()
    survey = _sheet(lines, "survey")
    if survey is None:
        return source
    header, rows = survey
    columns = _cells(lines[header])
    asked = {_cells(lines[i])[columns.index("name")] for i in rows}
    missing = [q for q in kind.questions if q.name not in asked and q.type in XLS_TYPES and q.on_phones]
    if not missing:
        return source
    inserts: dict[int, list[str]] = {}
    choice_rows: list[dict[str, str]] = []
    for question in missing:
        at = _after(kind, question, lines, rows, columns)
        inserts.setdefault(at, []).append(_row(columns, _survey_values(question, columns)))
        choice_rows += _choices(question)
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(line)
        out += inserts.get(number, [])
    out = _add_choices(out, choice_rows)
    return _raise_version(out, "\n".join(r for rows in inserts.values() for r in rows))


def _sheet(lines: list[str], name: str) -> tuple[int, list[int]] | None:
    """The header line's index and the row lines' indexes of a sheet, or None."""
    start = next((i for i, line in enumerate(lines) if _cells(line)[:1] == [name]), None)
    if start is None:
        return None
    rows = []
    for i in range(start + 2, len(lines)):
        cells = _cells(lines[i])
        if not cells or cells[0]:
            break
        if any(cells[1:]):
            rows.append(i)
    return start + 1, rows


def _cells(line: str) -> list[str]:
    text = line.strip()
    if not text.startswith("|"):
        return []
    return [cell.strip() for cell in text.strip("|").split("|")]


def _row(columns: list[str], values: dict[str, str]) -> str:
    return "| " + " | ".join(values.get(column, "") for column in columns) + " |"


def _after(kind: ReportKind, question: Question, lines: list[str], rows: list[int], columns: list[str]) -> int:
    """The line after which the question goes: the row of the nearest question declared before it."""
    by_name = {_cells(lines[i])[columns.index("name")]: i for i in rows}
    names = [q.name for q in kind.questions]
    for earlier in reversed(names[: names.index(question.name)]):
        if earlier in by_name:
            return by_name[earlier]
    return rows[-1] if rows else 0


def _in_each_language(columns: list[str], prefix: str, text: Any) -> dict[str, str]:
    values = {}
    for column in columns:
        if column == prefix or column.startswith(prefix + "::"):
            language = LANGUAGE.search(column)
            with override(language.group(1) if language else "en"):
                values[column] = str(text)
    return values


def _survey_values(question: Question, columns: list[str]) -> dict[str, str]:
    xls_type = XLS_TYPES[question.type]
    if question.type in ("choice", "flag"):
        xls_type = f"select_one {_list_name(question)}"
    values = {"type": xls_type, "name": question.name, "required": "yes" if question.required else ""}
    values |= _in_each_language(columns, "label", question.label)
    if question.help:
        values |= _in_each_language(columns, "hint", question.help)
    if question.type == "long_text":
        values["appearance"] = "multiline"
    if question.type in ("count", "amount") and "constraint" in columns:
        values["constraint"] = f". >= {question.low} and . <= {question.high}"
    return values


def _list_name(question: Question) -> str:
    return f"{question.name}_choices"


def _choices(question: Question) -> list[dict[str, Any]]:
    if question.type == "flag":
        options: tuple[tuple[str, Any], ...] = (("yes", _("Yes")), ("no", _("No")))
    elif question.type == "choice":
        options = question.choices
    else:
        return []
    return [{"list_name": _list_name(question), "name": code, "label": label} for code, label in options]


def _add_choices(lines: list[str], choices: list[dict[str, Any]]) -> list[str]:
    if not choices:
        return lines
    sheet = _sheet(lines, "choices")
    if sheet is None:  # a form with no lists yet: start the sheet after the survey
        survey_header, survey_rows = _sheet(lines, "survey") or (0, [0])
        labels = [c for c in _cells(lines[survey_header]) if c == "label" or c.startswith("label::")]
        at = survey_rows[-1] if survey_rows else survey_header
        header_line = "| " + " | ".join(["", "list_name", "name", *labels]) + " |"
        lines = [*lines[: at + 1], "| choices |", header_line, *lines[at + 1 :]]
        sheet = _sheet(lines, "choices")
        assert sheet is not None
    header, rows = sheet
    columns = _cells(lines[header])
    made = [
        _row(
            columns, {"list_name": c["list_name"], "name": c["name"]} | _in_each_language(columns, "label", c["label"])
        )
        for c in choices
    ]
    at = rows[-1] if rows else header
    return [*lines[: at + 1], *made, *lines[at + 1 :]]


def _choice_values(columns: list[str], choice: dict[str, Any]) -> dict[str, str]:
    return {"list_name": choice["list_name"], "name": choice["name"]} | _in_each_language(
        columns, "label", choice["label"]
    )


def _raise_version(lines: list[str], added: str) -> str:
    """The same form with other questions is another version: its own, plus a digest of what was added."""
    sheet = _sheet(lines, "settings")
    if sheet is not None and sheet[1]:
        header, rows = sheet
        columns = _cells(lines[header])
        if "version" in columns:
            cells = _cells(lines[rows[0]])
            digest = hashlib.sha256(added.encode()).hexdigest()[:6]
            cells[columns.index("version")] += f".{digest}"
            lines[rows[0]] = "| " + " | ".join(cells) + " |"
    return "\n".join(lines) + "\n"
