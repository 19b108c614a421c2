"""Which columns of a boundaries layer hold the code, the names and the parent's code.

The caller may name every column; what it leaves out is recognised in the shapes OCHA's COD
(ADM1_PCODE, ADM1_EN, ADM1_RU, ...) and geoBoundaries (shapeISO, shapeID, shapeName) files have.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Columns:
    code: str
    name: str
    names: dict[str, str] = field(default_factory=dict)  # language code -> column
    parent: str = ""  # level 2 only; empty: the level-1 area that holds most of it

    def used(self) -> list[str]:
        return [c for c in (self.code, self.name, *self.names.values(), self.parent) if c]


def other_languages() -> list[str]:
    """The interface's languages other than the default name's (settings.LANGUAGES)."""
    return [code for code, _label in settings.LANGUAGES if code != DEFAULT_LANGUAGE]


def _code_candidates(level: int) -> list[str]:
    return [f"ADM{level}_PCODE", "shapeISO", "shapeID", f"ADM{level}_CODE", "PCODE", "CODE"]


def _name_candidates(level: int) -> list[str]:
    return [f"ADM{level}_EN", "shapeName", f"ADM{level}_NAME", f"ADM{level}NAME", "NAME_EN", "NAME"]


def _names_candidates(level: int, language: str) -> list[str]:
    upper = language.upper()
    return [f"ADM{level}_{upper}", f"NAME_{upper}", f"shapeName_{language}"]


def _parent_candidates() -> list[str]:
    return ["ADM1_PCODE", "PARENT_CODE", "PARENT"]


def _pick(candidates: Iterable[str], columns: list[str], filled: set[str]) -> str:
    """The first candidate present (any case) with a value in the sample: geoBoundaries' ADM2
    layers carry an empty shapeISO, so the next candidate, shapeID, is the code there."""
    by_lower = {c.lower(): c for c in columns}
    for candidate in candidates:
        column = by_lower.get(candidate.lower())
        if column and column in filled:
            return column
    return ""


def guess(level: int, columns: list[str], sample: list[dict[str, str]]) -> Columns:
    filled = {c for c in columns if any(row.get(c) for row in sample)} if sample else set(columns)
    names = {}
    for language in other_languages():
        column = _pick(_names_candidates(level, language), columns, filled)
        if column:
            names[language] = column
    return Columns(
        code=_pick(_code_candidates(level), columns, filled),
        name=_pick(_name_candidates(level), columns, filled),
        names=names,
        parent=_pick(_parent_candidates(), columns, filled) if level == 2 else "",
    )


def chosen(level: int, columns: list[str], sample: list[dict[str, str]], **given: str) -> Columns:
    """The columns the caller named (code, name, parent, name_<language>), the rest recognised."""
    guessed = guess(level, columns, sample)
    names = dict(guessed.names)
    for language in other_languages():
        if f"name_{language}" in given:
            names[language] = given[f"name_{language}"] or ""
    return Columns(
        code=given.get("code") or guessed.code,
        name=given.get("name") or guessed.name,
        names={k: v for k, v in names.items() if v},
        parent=given.get("parent", guessed.parent) if level == 2 else "",
    )
