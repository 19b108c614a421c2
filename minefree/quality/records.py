from minefree.core.registry import RecordType, register
from minefree.quality.models import Accreditation, Inspection, Marking, MonitoringVisit, NonConformity

register(
    RecordType(
        Accreditation,
        "accreditations",
        entered_by="nmac",
        columns=("organisation", "team", "activities", "accredited_on", "expires_on", "status"),
        related=("team__organisation",),
        filters=("organisation", "status"),
    )
)
register(
    RecordType(
        MonitoringVisit,
        "monitoring-visits",
        entered_by="nmac",
        columns=("visited_on", "organisation", "hazard", "inspector", "result"),
        filters=("organisation", "result"),
        children=("non_conformities",),
    )
)
register(
    RecordType(
        Inspection,
        "inspections",
        entered_by="nmac",
        columns=("inspected_on", "activity", "sample_m2", "items_found", "passed"),
        filters=("passed",),
        children=("non_conformities",),
    )
)
register(
    RecordType(
        NonConformity,
        "non-conformities",
        entered_by="nmac",
        columns=("raised_on", "organisation", "severity", "description", "closed_on"),
        filters=("organisation", "severity"),
        children=("corrective_actions",),
    )
)
register(
    RecordType(
        Marking,
        "markings",
        columns=("marked_on", "hazard", "organisation", "method", "signs"),
        filters=("organisation", "method"),
        children=("checks",),
        report_kind="marking",
        report_needs_hazard=True,
        sample=lambda: {"method": "signs", "signs": 12},
    )
)
