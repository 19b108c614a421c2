"""Field reports in the demo: every state, several operators, written through the workflow actions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth.models import User
from django.contrib.gis.geos import Polygon

from minefree.fieldwork import actions
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation

D = dt.date


def _west_part(hazard: HazardArea, share: float = 0.4) -> dict[str, Any]:
    """A rectangle over the western part of the area: what a team cleared this season."""
    assert hazard.geometry is not None
    west, south, east, north = hazard.geometry.extent
    return json.loads(
        Polygon.from_bbox((west - 0.0005, south - 0.0005, west + (east - west) * share, north + 0.0005)).geojson
    )


def _new_area(builder: Any, district_code: str, name: str, classification: str = "SHA") -> dict[str, Any]:
    from minefree.gazetteer.models import AdminArea

    district = AdminArea.objects.get(code=district_code)
    site = builder.site_in(district, builder.rng.randint(9_000, 40_000))
    return {
        "name": name,
        "admin_area": district_code,
        "classification": classification,
        "contamination": "ap_mines",
        "geometry": json.loads(site.to_wgs84().geojson),
        "description": "Reported by villagers after the spring floods.",
    }


def _fixed_area(district_code: str, name: str) -> dict[str, Any]:
    """A small square at a point inside the district, drawing no random numbers (the later demo
    records keep the figures they had)."""
    from minefree.gazetteer.models import AdminArea

    district = AdminArea.objects.get(code=district_code)
    x, y = district.boundary.point_on_surface.coords
    square = Polygon.from_bbox((x - 0.002, y - 0.002, x + 0.002, y + 0.002))
    return {
        "name": name,
        "admin_area": district_code,
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": json.loads(square.geojson),
    }


def _open_hazard(acronym: str, skip: int = 0) -> HazardArea:
    return HazardArea.objects.filter(operator__acronym=acronym, status="open", geometry__isnull=False).order_by(
        "reference"
    )[skip]


def build_reports(builder: Any) -> None:
    users = {u.username: u for u in User.objects.all()}
    org = {o.acronym: o for o in Organisation.objects.all()}
    im = users["tnmac.im"]

    def save(
        clerk: str, acronym: str, kind: str, day: dt.date, payload: dict[str, Any], hazard: HazardArea | None = None
    ) -> FieldReport:
        report, _ = actions.save_report(
            users[clerk],
            kind=kind,
            organisation=org[acronym],
            client_id=f"demo-{acronym}-{FieldReport.objects.count() + 1}",
            date_of_information=day,
            payload=payload,
            hazard=hazard,
        )
        return report

    def submitted(clerk: str, *args: Any, **kwargs: Any) -> FieldReport:
        return actions.submit_report(users[clerk], save(clerk, *args, **kwargs))

    # NPA: approved new area and approved progress, one in review, one returned, one rejected, one draft.
    actions.approve_report(
        im,
        submitted("npa.clerk", "NPA", "hazard", D(2025, 6, 12), _new_area(builder, "TJ-RA-RSH", "Rasht flood site 1")),
    )
    target = _open_hazard("NPA")
    actions.approve_report(
        im,
        submitted(
            "npa.clerk",
            "NPA",
            "progress",
            D(2025, 9, 20),
            {
                "kind": "clear",
                "method": "manual",
                "team": "Manual team 2 (women)",
                "start_date": "2025-08-01",
                "depth_cm": 20,
                "geometry": _west_part(target),
            },
            hazard=target,
        ),
    )
    submitted("npa.clerk", "NPA", "hazard", D(2026, 4, 3), _new_area(builder, "TJ-RA-TJK", "Tojikobod slope"))
    returned = submitted(
        "npa.clerk",
        "NPA",
        "progress",
        D(2026, 5, 14),
        {
            "kind": "reduce",
            "method": "dogs",
            "team": "MDD team",
            "start_date": "2026-05-01",
            "geometry": _west_part(_open_hazard("NPA", 1), 0.3),
        },
        hazard=_open_hazard("NPA", 1),
    )
    actions.return_report(im, returned, "The MDD team was in Vanj that week; check the team and dates.")
    rejected = submitted("npa.clerk", "NPA", "hazard", D(2026, 2, 2), _new_area(builder, "TJ-GB-VNJ", "Vanj rumour"))
    actions.reject_report(im, rejected, "A goat path, not a minefield: the QA visit found no evidence.")
    save("npa.clerk", "NPA", "hazard", D(2026, 6, 1), _new_area(builder, "TJ-GB-DRV", "Darvoz draft"))
    # NPA's Khatlon office, whose grant holds in Khatlon only, drafts a report there.
    save("npa.khatlon", "NPA", "hazard", D(2026, 6, 2), _fixed_area("TJ-KT-SSH", "Shamsiddin Shohin draft"))

    # FSD: a report on ground that is already recorded (a duplicate to resolve), a draft, an approved spot task.
    known = _open_hazard("FSD")
    assert known.geometry is not None
    submitted(
        "fsd.clerk",
        "FSD",
        "hazard",
        D(2026, 3, 9),
        {
            "name": f"{known.name} (resurvey)",
            "admin_area": known.admin_area.code,
            "classification": "CHA",
            "contamination": known.contamination,
            "geometry": json.loads(known.geometry.geojson),
        },
    )
    save(
        "fsd.clerk",
        "FSD",
        "completion",
        D(2026, 6, 20),
        {"certificate_number": "FSD-HC-DRAFT"},
        hazard=_open_hazard("FSD", 1),
    )
    actions.approve_report(
        im,
        submitted(
            "fsd.clerk",
            "FSD",
            "spot_task",
            D(2025, 10, 4),
            {
                "category": "uxo",
                "ordnance_type": "82 mm mortar",
                "quantity": 1,
                "disposal": "in_situ",
                "disposed_on": "2025-10-05",
                "location": {"type": "Point", "coordinates": [68.95, 37.45]},
            },
        ),
    )

    # HDC and UST: progress in review, a returned survey.
    hdc_target = _open_hazard("HDC")
    submitted(
        "hdc.clerk",
        "HDC",
        "progress",
        D(2026, 5, 30),
        {
            "kind": "clear",
            "method": "mechanical",
            "team": "Mechanical team",
            "start_date": "2026-04-20",
            "depth_cm": 25,
            "geometry": _west_part(hdc_target, 0.5),
        },
        hazard=hdc_target,
    )
    # RCST: a survivor referred to services, approved; another waiting for review.
    survivor = {
        "admin_area": "TJ-GB-SHG",
        "sex": "male",
        "birth_year": 1996,
        "name": "Daler Aminov",
        "contact": "+992 93 555 1212",
        "medical": "Lower-leg amputation, 2025",
        "needs": [{"need": "rehabilitation", "institution": "Dushanbe Orthopaedic Centre"}],
    }
    actions.approve_report(im, submitted("rcst.clerk", "RCST", "victim", D(2025, 11, 3), survivor))
    submitted(
        "rcst.clerk",
        "RCST",
        "victim",
        D(2026, 2, 17),
        survivor
        | {
            "name": "Sitora Qodirova",
            "sex": "female",
            "birth_year": 2011,
            "contact": "",
            "medical": "Fragment wounds to both hands",
            "needs": [{"need": "psychological", "institution": "RCST psychosocial team"}],
        },
    )
    ust = submitted(
        "ust.clerk", "UST", "hazard", D(2026, 1, 15), _new_area(builder, "TJ-SU-ISF", "Isfara border strip")
    )
    actions.return_report(im, ust, "The polygon crosses the border line; draw the Tajik side only.")
