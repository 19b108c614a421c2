"""Every action the code audits under a fixed name has a name people read on the history pages."""

from __future__ import annotations

import ast
from pathlib import Path

from minefree.core.action_names import ACTIONS, action_label

ROOT = Path(__file__).resolve().parents[2]
# Helpers that pass their `name` argument on to audit.record, and where that argument sits.
PASSING_ON = {"_transition": 3, "_created": 1, "_save": 1}


def audited_names() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            at = 1 if name == "record" and getattr(func, "value", None) is not None else PASSING_ON.get(name)
            if at is None or len(node.args) <= at:
                continue
            arg = node.args[at]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
            elif isinstance(arg, ast.IfExp):
                found |= {a.value for a in (arg.body, arg.orelse) if isinstance(a, ast.Constant)}
    return found


def test_every_audited_action_has_a_name():
    names = audited_names()
    assert {"release_land", "approve_report", "accredit", "retire_form"} <= names  # the walk finds them
    assert sorted(names - set(ACTIONS)) == []


def test_an_unnamed_action_still_reads_as_words():
    assert action_label("release_land") == "Released land"
    assert action_label("merge_hazard_areas") == "Merge hazard areas"
