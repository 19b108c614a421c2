"""The reports a hazardous area's page offers to start, each opening its web form with the area chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from minefree.core.permissions import Capability, DataClass, organisations_with
from minefree.fieldwork.forms import AboutHazard, form_for

# The next step on an area, in the order work on the ground goes; the kind's own form decides
# which statuses it takes (a completion may still follow a closure).
NEXT = (
    ("progress", _("Report progress")),
    ("completion", _("Report completion")),
    ("spot_task", _("Report ordnance found")),
    ("marking", _("Report marking")),
)


@dataclass(frozen=True)
class NextReport:
    kind: str
    label: Any
    url: str


def next_reports(user: Any, hazard: Any) -> list[NextReport]:
    """The buttons for `hazard`: the kinds its user writes by web form and that fit its status."""
    if not organisations_with(user, Capability.WRITE_REPORTS, DataClass.REPORTS):
        return []
    offered = []
    for kind, label in NEXT:
        form = form_for(kind)
        if form is None:
            continue
        if issubclass(form, AboutHazard) and hazard.status not in form.hazard_statuses:
            continue  # the form would refuse the area: do not offer it
        url = reverse("fieldwork:create", args=[kind]) + "?" + urlencode({"hazard": hazard.pk})
        offered.append(NextReport(kind, label, url))
    return offered
