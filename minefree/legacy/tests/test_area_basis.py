"""The recorded area kept beside the measured one: the hazard page shows both and the IMSMA ids, and
the contamination figures add up the one the centre chose, saying which."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minefree.hazards.models import HazardArea, HazardAreaState
from minefree.legacy.mapping import parse
from minefree.legacy.run import import_file
from minefree.legacy.tests import files
from minefree.reporting import land

DAY = dt.date(2016, 1, 1)


def _sughd_total() -> tuple[int, str]:
    found = land.contamination(HazardAreaState.objects.all(), DAY, country="TJK", admin_area=_district_pk())
    return found["total"]["m2"], found["area_basis"]["code"]


def _district_pk() -> int:
    from minefree.gazetteer.models import AdminArea

    return AdminArea.objects.get(code=files.DISTRICT).pk


def test_each_choice_gives_its_own_total_and_says_which(persona: Any, user: Any, tmp_path: Path) -> None:
    # Two polygons (measured about 37,500 m² each, recorded 40,000 and 40,001) and a point recorded at 40,002 m².
    rows = files.hazard_rows(3, {2: {"geometry": None}})
    import_file(files.write_geo(tmp_path / "h.gpkg", rows, "GPKG"), parse(files.mapping()), user=user("tnmac.im"))
    hazards = list(HazardArea.objects.filter(name__startswith="Legacy field").order_by("name"))
    measured = round(sum(h.area_m2 for h in hazards))
    computed_total, code = _sughd_total()
    assert code == "computed"
    client = persona("tnmac.im")
    assert client.post("/hazards/area-basis/", {"area_basis": "recorded"}).status_code == 302
    recorded_total, code = _sughd_total()
    assert code == "recorded"
    assert recorded_total - computed_total == 120003 - measured
    page = client.get("/reports/contamination/?admin_area=" + files.DISTRICT).content.decode()
    assert "Areas: the officially recorded area where one was imported." in page


@pytest.mark.parametrize(("username", "status"), [("tnmac.im", 200), ("npa.clerk", 403), ("donor.usdos", 403)])
def test_only_national_editors_choose(persona: Any, username: str, status: int) -> None:
    assert persona(username).get("/hazards/area-basis/").status_code == status
    posted = persona(username).post("/hazards/area-basis/", {"area_basis": "recorded"})
    assert posted.status_code == (302 if status == 200 else 403)


def test_the_hazard_page_shows_the_recorded_area_and_imsma_ids(persona: Any, user: Any, tmp_path: Path) -> None:
    path = files.write_geo(tmp_path / "h.gpkg", files.hazard_rows(1), "GPKG")
    import_file(path, parse(files.mapping()), user=user("tnmac.im"))
    hazard = HazardArea.objects.get(name="Legacy field 1")
    page = persona("tnmac.im").get(f"/hazards/{hazard.pk}/").content.decode()
    assert "Officially recorded area" in page and "40,000" in page
    assert "6f1c2a4e-0000-4000-8000-000000000000" in page and "HA-0001" in page
