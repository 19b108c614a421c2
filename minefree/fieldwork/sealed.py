"""A sealed value for `core.personal_key` to try the key on (registered in apps.py)."""

from __future__ import annotations

from minefree.fieldwork.models import FieldReport

SAMPLES = 20  # victim reports looked at for a sealed value


def victim_report_value() -> str | None:
    for payload in FieldReport.objects.filter(kind="victim").values_list("payload", flat=True)[:SAMPLES]:
        for value in (payload or {}).values():
            if isinstance(value, dict) and value.get("sealed"):
                return str(value["sealed"])
    return None
