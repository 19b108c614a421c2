from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core.registry import RecordType, register
from minefree.education.models import CommunityLiaison, EoreSession
from minefree.fieldwork.creates import creates
from minefree.fieldwork.declare import ReportKind, declare, from_model_fields
from minefree.fieldwork.payload import Fields, Reader


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


def women_among_people(read: Reader, answers: Fields, report: Any) -> None:
    if (answers["women_met"] or 0) > (answers["people_met"] or 0):
        read.fail("women_met", _("More women than people met."))


declare(
    ReportKind(
        "community_liaison",
        gettext_lazy("Community liaison visit"),
        from_model_fields(CommunityLiaison),
        creates(CommunityLiaison, prefix="CL", checks=women_among_people),
        date_label=gettext_lazy("Date of the visit"),
    )
)
register(
    RecordType(
        CommunityLiaison,
        "community-liaison",
        columns=("reference", "date", "organisation", "admin_area", "place", "people_met", "follow_up"),
        filters=("organisation", "admin_area", "follow_up"),
        report_kind="community_liaison",
        sample=lambda: {
            "admin_area": "TJ-RA-RSH",
            "place": "Kalai Surkh",
            "people_met": 23,
            "women_met": 9,
            "hazards_reported": 1,
            "follow_up": "survey",
            "notes": "A shepherd saw a mine near the upper pasture.",
        },
    )
)
