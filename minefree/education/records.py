from typing import Any

from minefree.core.registry import RecordType, register
from minefree.education.models import EoreSession


def sample() -> dict[str, Any]:
    return {
        "admin_area": "TJ-RA-RSH",
        "place": "School no. 12",
        "facilitator": "teacher",
        "audience": "schoolchildren",
        "method": "presentation",
        "grouping": "mixed",
        "materials": 40,
        "girls": 18,
        "boys": 22,
        "women": 0,
        "men": 0,
        "total": 40,
    }


register(
    RecordType(
        EoreSession,
        "eore-sessions",
        columns=("reference", "date", "organisation", "admin_area", "place", "audience", "total"),
        filters=("organisation", "audience", "admin_area", "facilitator"),
        report_kind="eore",
        sample=sample,
    )
)
