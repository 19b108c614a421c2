"""Does an XLSForm ask what its report kind declares? Every required question asked (and required),
by a fitting question type; every choice list the declared one; no answer the kind does not know.

Used by the test that keeps the bundled forms and the declarations from drifting apart, and by
`xforms.publish_draft`, which refuses a centre's own form whose answers cannot become the report.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from django.utils.translation import override

from minefree.fieldwork.declare import Question, ReportKind

# The XLSForm types that may ask each type of question.
FITS: dict[str, tuple[str, ...]] = {
    "text": ("text", "select_one_from_file"),
    "long_text": ("text",),
    "choice": ("select_one",),
    "day": ("date",),
    "count": ("integer",),
    "record": ("integer", "select_one_from_file"),
    "amount": ("decimal", "integer"),
    "flag": ("select_one", "acknowledge"),
    "polygon": ("geoshape",),
    "point": ("geopoint",),
    "line": ("geotrace",),
    "district": ("select_one_from_file",),
    "team": ("select_one_from_file", "text"),
    "items": ("begin_repeat", "begin repeat"),
}
# Answers every form has that are not report fields: the date of information and the hazard named,
# form metadata, display-only rows, and photos (kept as attachments).
NOT_ANSWERS = {"start", "end", "today", "deviceid", "username", "audit", "note", "calculate", "image", "audio", "file"}
REPORT_ANSWERS = {"date", "hazard"}
ENDS = {"end_repeat", "end repeat", "begin_group", "begin group", "end_group", "end group"}
YES_NO = {"yes", "no"}


def english(row: dict[str, Any]) -> str:
    for key in ("label::English (en)", "label::English", "label"):
        if row.get(key):
            return str(row[key]).strip()
    return ""


class Mismatch(NamedTuple):
    """One question of the form that does not fit the declaration; `blocking` if its answers cannot
    become the report (a worded-differently label or an extra question is only worth a look)."""

    question: str
    reason: str
    blocking: bool = True


def mismatches(kind: ReportKind, sheets: dict[str, Any]) -> list[str]:
    """What is wrong with the XLSForm (pyxform's sheets) as a form for `kind`; empty if it fits."""
    return [f"{m.question}: {m.reason}" for m in check(kind, sheets)]


def check(kind: ReportKind, sheets: dict[str, Any], files: Collection[str] | None = None) -> list[Mismatch]:
    """Each question of the XLSForm that does not fit `kind`; `files` are the lists the server makes."""
    rows = [r for r in sheets.get("survey", []) if r.get("type")]
    choices: dict[str, dict[str, str]] = {}
    for row in sheets.get("choices", []):
        choices.setdefault(str(row.get("list_name", "")), {})[str(row.get("name", ""))] = english(row)
    asked = {str(r.get("name", "")): r for r in rows if r.get("name")}
    problems: list[Mismatch] = []
    # An item's questions count only where its list is asked (a form may leave the evidence out).
    declared = {q.name: q for q in kind.questions} | {
        i.name: i for q in kind.questions if q.name in asked for i in q.items
    }
    for question in declared.values():
        row = asked.get(question.name)
        if row is None:
            if question.required:
                problems.append(Mismatch(question.name, "required by the report, not asked"))
            continue
        problems += _question(question, row, choices)
    for name, row in asked.items():
        base = str(row["type"]).split()[0]
        if name not in declared and name not in REPORT_ANSWERS and base not in NOT_ANSWERS and row["type"] not in ENDS:
            # Kept in the report's payload as the form's own answer (`known`), so it does not block.
            problems.append(Mismatch(name, "not a question of this report, so its answers would be refused", False))
        parts = str(row["type"]).split()
        if files is not None and parts[0].endswith("_from_file") and len(parts) > 1 and parts[1] not in files:
            problems.append(Mismatch(name, f"chooses from {parts[1]}, a list MineFree does not make"))
    return problems


def _question(question: Question, row: dict[str, Any], choices: dict[str, dict[str, str]]) -> list[Mismatch]:
    xls_type = str(row["type"]).strip()
    base = xls_type.split()[0]
    name = question.name
    if base not in FITS[question.type] and xls_type not in FITS[question.type]:
        return [Mismatch(name, f"asked as {xls_type}, which cannot give a {question.type} answer")]
    problems = []
    if question.required and question.type != "items" and str(row.get("required", "")).lower() not in {"yes", "true"}:
        problems.append(Mismatch(name, "required by the report, optional in the form"))
    if base == "select_one" and len(xls_type.split()) > 1:
        listed = choices.get(xls_type.split()[1], {})
        if question.type == "flag":
            if set(listed) != YES_NO:
                problems.append(Mismatch(name, f"a yes/no question, its choices are {sorted(listed)}"))
            return problems
        with override("en"):
            wanted = {code: str(label) for code, label in question.choices}
        if set(listed) != set(wanted):
            missing, extra = sorted(set(wanted) - set(listed)), sorted(set(listed) - set(wanted))
            # Leaving a code out still gives answers the report takes; an unknown code does not.
            problems.append(Mismatch(name, f"choices differ (missing {missing}, unknown {extra})", bool(extra)))
        else:
            problems += [
                Mismatch(name, f"choice {code} reads {listed[code]!r} in the form, {wanted[code]!r} in MineFree", False)
                for code in sorted(wanted)
                if listed[code] != wanted[code]
            ]
    return problems
