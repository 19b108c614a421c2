from minefree.core.registry import RecordType, register
from minefree.funding.models import Funding

register(
    RecordType(
        Funding,
        "funding",
        columns=("year", "donor", "recipient", "project", "pillar", "amount_usd"),
        filters=("year", "donor", "recipient", "pillar"),
        report_kind="funding",
        sample=lambda: {
            "donor": "NOR",
            "year": 2025,
            "project": "Rasht valley clearance",
            "pillar": "clearance",
            "amount_usd": "250000",
        },
    )
)
