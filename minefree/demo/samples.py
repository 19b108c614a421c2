"""A record type the demo builds nothing of yet still gets one row: its registration's sample report,
filed by an operator's clerk and approved by the NMAC, so its pages, API and the route x role
matrix have something to show from the commit that adds it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from minefree.core.registry import REGISTRY
from minefree.fieldwork import actions as reports
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation


def build_samples() -> None:
    im = User.objects.get(username="tnmac.im")
    for slug, record_type in sorted(REGISTRY.items()):
        if record_type.sample is None or not record_type.report_kind or record_type.model._default_manager.exists():
            continue
        personal = getattr(record_type.model, "data_class", "record") == "personal"
        username, acronym = ("rcst.clerk", "RCST") if personal else ("npa.clerk", "NPA")
        clerk = User.objects.get(username=username)
        hazard = HazardArea.objects.filter(operator__acronym=acronym).order_by("pk").first()
        report, _created = reports.save_report(
            clerk,
            kind=record_type.report_kind,
            organisation=Organisation.objects.get(acronym=acronym),
            client_id=f"demo-sample-{slug}",
            date_of_information=dt.date(2025, 5, 5),
            payload=record_type.sample(),
            hazard=hazard if record_type.report_needs_hazard else None,
        )
        reports.approve_report(im, reports.submit_report(clerk, report), confirm=True)
