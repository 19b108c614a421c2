"""A report's answers in the users' words: each by its question's label, choices by their labels,
districts by name, yes/no, units; personal data masked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from minefree.core import labels
from minefree.core.crypto import masked
from minefree.fieldwork.declare import KINDS, Question
from minefree.gazetteer.models import AdminArea

MAP_ONLY = ("geometry", "location", "line")  # shown on the map, not in the table


def answer_text(question: Question | None, value: Any) -> str:
    if question is None:
        return "" if value is None else str(value)
    if question.sealed:
        return str(masked(value, _("(personal data, encrypted)"))) if value else ""
    if value is None or value == "":
        return ""
    if question.type == "choice":
        return str(question.choice_label(value))
    if question.type == "flag":  # a form or phone sends "yes", "true", "1" or "on"
        return labels.plain(str(value).lower() in {"1", "true", "yes", "on"})
    if question.type == "district":
        area = AdminArea.objects.filter(code=value, level=2).first()
        return f"{area.name} ({value})" if area is not None else str(value)
    if question.type in {"count", "amount"} and isinstance(value, int | float | str) and str(value).isdigit():
        return f"{labels.plain(int(value))} {question.unit}".strip()
    if question.type == "items" and isinstance(value, list):
        return "; ".join(_item_text(question, item) for item in value)
    return str(value)


def _item_text(question: Question, item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    parts = []
    for sub in question.items:
        if sub.name in item and item[sub.name] not in (None, ""):
            parts.append(f"{sub.label}: {answer_text(sub, item[sub.name])}")
    return ", ".join(parts)


def described(kind_name: str, payload: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(name, label, text) for each answer shown in a table, in the order the kind asks them."""
    kind = KINDS.get(kind_name)
    order = [q.name for q in kind.questions] if kind is not None else []
    names = sorted(payload, key=lambda n: (order.index(n) if n in order else len(order), n))
    rows = []
    for name in names:
        if name in MAP_ONLY or name == "attachments":
            continue
        question = _question(kind_name, name)
        label = str(question.label) if question is not None else name.replace("_", " ").capitalize()
        rows.append((name, label, answer_text(question, payload[name])))
    return rows


def _question(kind_name: str, name: str) -> Question | None:
    kind = KINDS.get(kind_name)
    try:
        return kind.question(name) if kind is not None else None
    except KeyError:
        return None


def current_text(kind_name: str, name: str, value: Any) -> str:
    """A record's current value in the words its report's question uses."""
    if isinstance(value, AdminArea):
        value = value.code
    return answer_text(_question(kind_name, name), value)
