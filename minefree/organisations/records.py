from minefree.core.registry import RecordType, register
from minefree.organisations.models import Asset, Team

register(
    RecordType(
        Team,
        "teams",
        entered_by="reference",
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
        related=("team__organisation",),
        filters=("organisation", "kind", "status"),
        report_kind="asset",
        sample=lambda: {"kind": "dog", "name": "Sharik", "team": "MDD team"},
    )
)
