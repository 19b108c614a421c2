from minefree.core.registry import RecordType, register
from minefree.organisations.models import Asset, Team

register(
    RecordType(
        Team,
        "teams",
        columns=("name", "organisation", "capability", "women", "men", "active"),
        filters=("organisation", "capability", "active"),
        children=("assets",),
    )
)
register(
    RecordType(
        Asset,
        "assets",
        columns=("name", "organisation", "kind", "team", "status", "acquired_on"),
        filters=("organisation", "kind", "status"),
    )
)
