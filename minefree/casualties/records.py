from typing import Any

from minefree.casualties.models import Accident, Victim
from minefree.core.registry import RecordType, register


def sample() -> dict[str, Any]:
    return {
        "kind": "civilian",
        "admin_area": "TJ-KT-PNJ",
        "activity_at_time": "herding",
        "device": "PMN-2",
        "location": {"type": "Point", "coordinates": [69.1, 37.4]},
        "casualties": [
            {"sex": "male", "age": 12, "outcome": "injured"},
            {"sex": "female", "age": 40, "outcome": "killed"},
        ],
        "evidence": [{"type": "witness", "description": "Shepherd's statement"}],
    }


register(
    RecordType(
        Accident,
        "accidents",
        columns=("reference", "date", "kind", "admin_area", "activity_at_time", "device", "organisation"),
        filters=("kind", "admin_area", "activity_at_time"),
        report_kind="accident",
        children=("casualties",),
        sample=sample,
    )
)


register(
    RecordType(
        Victim,
        "victims",
        columns=("reference", "sex", "birth_year", "admin_area", "organisation"),
        filters=("sex", "admin_area", "organisation"),
        hidden=Victim.SEALED,
        report_kind="victim",
        sample=lambda: {
            "admin_area": "TJ-GB-SHG",
            "sex": "male",
            "name": "Sample Survivor",
            "medical": "Hand injury",
            "needs": [{"need": "rehabilitation", "institution": "Orthopaedic centre"}],
        },
        personal_url="casualties:personal",
        children=("referrals",),
    )
)
