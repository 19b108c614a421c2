from minefree.core.registry import RecordType, register
from minefree.hazards.models import OrdnanceFind

register(
    RecordType(
        OrdnanceFind,
        "ordnance",
        columns=("found_on", "category", "ordnance_type", "quantity", "hazard", "country", "organisation", "disposal"),
        filters=("category", "country", "organisation", "disposal"),
        report_kind="spot_task",
        sample=lambda: {
            "category": "uxo",
            "ordnance_type": "VOG-17",
            "quantity": 1,
            "disposal": "in_situ",
            "disposed_on": "2025-05-06",
            "location": {"type": "Point", "coordinates": [69.1, 37.4]},
        },
    )
)
