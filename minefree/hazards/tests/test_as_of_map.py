"""The map, its GeoJSON and the GeoPackage as they stood on a past day: each area's state then."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pyogrio.raw import read

from minefree.demo.personas import PERSONAS
from minefree.geopackage.geopackage_export import export_geopackage, file_name
from minefree.geopackage.geopackage_import import ImportRefused, import_geopackage
from minefree.hazards import actions
from minefree.hazards.models import HazardArea, HazardAreaState
from minefree.hazards.tests.helpers import box, new_hazard
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.django_db

BEFORE, AFTER = dt.date(2023, 6, 30), dt.date(2025, 1, 1)  # either side of the release in 2024


@pytest.fixture
def reduced(user: Any) -> HazardArea:
    """An NPA area recorded in 2023 whose western half was released by technical survey in May 2024."""
    hazard = new_hazard(user("tnmac.im"), recorded_on=dt.date(2023, 3, 1), name="Reduced in 2024")
    actions.release_land(
        user("tnmac.im"),
        hazard,
        kind="reduce",
        method="manual",
        geometry=MultiPolygon(Polygon.from_bbox((69.599, 40.599, 69.601, 40.603)), srid=4326),
        start_date=dt.date(2024, 4, 1),
        end_date=dt.date(2024, 5, 1),
        organisation=hazard.operator,
    )
    hazard.refresh_from_db()
    return hazard


def features(client: Client, query: str = "") -> dict[int, dict[str, Any]]:
    response = client.get("/hazards/map.geojson" + query)
    assert response.status_code == 200, response.content
    return {f["id"]: f for f in json.loads(response.content)["features"]}


def test_the_geojson_draws_each_area_as_it_stood_on_the_day(persona: Any, reduced: HazardArea) -> None:
    client = persona("npa.clerk")
    whole, rest = box(69.60, 40.60), reduced.geometry
    before = features(client, f"?as_of={BEFORE}")[reduced.pk]
    after = features(client, f"?as_of={AFTER}")[reduced.pk]
    assert GEOSGeometry(json.dumps(before["geometry"])).equals_exact(whole, 1e-6)
    assert GEOSGeometry(json.dumps(after["geometry"])).equals_exact(rest, 1e-6)
    state_then = HazardAreaState.objects.get(hazard=reduced, valid_to__isnull=False)
    assert before["properties"]["area_m2"] == round(state_then.area_m2) > after["properties"]["area_m2"]
    assert after["properties"]["area_m2"] == round(reduced.area_m2) > 0
    assert before["properties"]["reference"] == reduced.reference and before["properties"]["status"] == "open"
    assert reduced.pk not in features(client, "?as_of=2023-01-15")  # not recorded yet
    assert features(client)[reduced.pk]["geometry"] == after["geometry"]  # today: as after the release


def test_the_state_filters_apply_to_the_state_on_the_day(persona: Any, user: Any, reduced: HazardArea) -> None:
    actions.update_hazard_area(
        user("tnmac.im"),
        reduced,
        expected_version=reduced.version,
        effective_date=AFTER,
        changes={"classification": "SHA"},
    )
    client = persona("npa.clerk")
    assert reduced.pk in features(client, f"?as_of={BEFORE}&classification=CHA")
    assert reduced.pk not in features(client, f"?as_of={BEFORE}&classification=SHA")
    assert reduced.pk in features(client, "?classification=SHA")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2024-13-01", "is not a date"),
        ("yesterday", "is not a date"),
        ("2999-01-01", "future"),
        ("1900-01-01", "before the first record"),
    ],
)
def test_a_bad_date_gets_a_clear_message_never_a_500(persona: Any, value: str, says: str) -> None:
    client = persona("npa.clerk")
    data = client.get(f"/hazards/map.geojson?as_of={value}")
    assert data.status_code == 400 and says in " ".join(data.json()["as_of"])
    page = client.get(f"/hazards/?as_of={value}")
    assert page.status_code == 400 and 'id="as-of-error"' in page.content.decode()
    assert "as_of" not in page.context["query"]  # the map itself stays on today


def test_the_page_offers_the_day_between_the_first_record_and_today(persona: Any, reduced: HazardArea) -> None:
    first = HazardAreaState.objects.order_by("valid_from").values_list("valid_from", flat=True).first()
    page = persona("npa.clerk").get(f"/hazards/?as_of={BEFORE}")
    html = page.content.decode()
    assert page.status_code == 200 and f'min="{first}"' in html and 'type="date"' in html
    assert f"as_of={BEFORE}" in page.context["query"] and page.context["as_of"] == BEFORE
    assert 'id="map-as-of"' in html


def test_one_query_for_the_states_however_many_areas(persona: Any, user: Any, reduced: HazardArea) -> None:
    client = persona("npa.clerk")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/hazards/map.geojson?as_of={AFTER}").status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        new_hazard(user("tnmac.im"), lon=69.62 + 0.01 * n, recorded_on=dt.date(2023, 3, 1))
    assert count() == few <= 8


def expected_ids(username: str, day: dt.date) -> set[int]:
    """What the role may see today (restrict), of the areas with a polygon on the day."""
    visible = HazardArea.objects.restrict(User.objects.get(username=username))
    states = HazardAreaState.objects.as_of(day).filter(geometry__isnull=False, hazard__in=visible)
    return set(states.values_list("hazard_id", flat=True))


@pytest.mark.parametrize("username", sorted(PERSONAS))
def test_every_role_sees_on_a_past_day_only_what_it_may_see_today(persona: Any, username: str) -> None:
    client = persona(username)
    response = client.get(f"/hazards/map.geojson?as_of={AFTER}")
    if response.status_code in (302, 403):  # a role without the map has none on a past day either
        assert client.get("/hazards/map.geojson").status_code == response.status_code
        return
    shown = {f["id"] for f in json.loads(response.content)["features"]}
    assert shown == expected_ids(username, AFTER)
    today = {f["id"] for f in json.loads(client.get("/hazards/map.geojson").content)["features"]}
    visible = set(HazardArea.objects.restrict(User.objects.get(username=username)).values_list("pk", flat=True))
    assert shown <= visible and today <= visible


def test_the_public_gets_no_map_on_any_day() -> None:
    public = Client()
    for url in (f"/hazards/map.geojson?as_of={AFTER}", f"/hazards/?as_of={AFTER}"):
        response = public.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def read_with_pyogrio(path: Path) -> dict[str, Any]:
    """The file as GDAL reads it: what QGIS or QField would open."""
    meta, _fids, geometry, values = read(str(path), layer="hazard_areas")
    fields = list(meta["fields"])
    rows = [
        dict(zip(fields, [_plain(v[i]) for v in values], strict=True), wkb=bytes(geometry[i]).hex())
        for i in range(len(geometry))
    ]
    _m, _f, _g, facts = read(str(path), layer="minefree_export", read_geometry=False)
    return {"rows": rows, "facts": {str(k): str(v) for k, v in zip(facts[0], facts[1], strict=True)}}


def test_the_geopackage_export_writes_the_layer_as_it_stood(user: Any, reduced: HazardArea, tmp_path: Path) -> None:
    clerk, npa = user("npa.clerk"), Organisation.objects.get(acronym="NPA")
    layers = {}
    for day in (BEFORE, AFTER):
        path = tmp_path / f"{day}.gpkg"
        export = export_geopackage(clerk, npa, path, as_of=day)
        assert export.as_of == day and file_name(npa, export).endswith(f"-as-of-{day}.gpkg")
        read = read_with_pyogrio(path)
        assert read["facts"]["as_of"] == day.isoformat()
        layers[day] = {int(r["minefree_id"]): r for r in read["rows"]}
        assert set(layers[day]) == {
            s.hazard_id
            for s in HazardAreaState.objects.as_of(day).filter(
                hazard__operator=npa, status__in=("open", "worked_on", "suspended")
            )
        }
    before, after = layers[BEFORE][reduced.pk], layers[AFTER][reduced.pk]
    assert GEOSGeometry(memoryview(bytes.fromhex(before["wkb"]))).equals_exact(box(69.60, 40.60), 1e-9)
    assert GEOSGeometry(memoryview(bytes.fromhex(after["wkb"]))).equals_exact(reduced.geometry, 1e-9)
    assert before["area_m2"] > after["area_m2"] == pytest.approx(reduced.area_m2)
    with pytest.raises(ImportRefused) as refused:  # a view of the past is not edited and sent back
        import_geopackage(clerk, tmp_path / f"{BEFORE}.gpkg", "past.gpkg")
    assert "as of 2023-06-30" in str(refused.value.problems[0])


def test_the_export_page_and_api_take_the_day(persona: Any, reduced: HazardArea) -> None:
    from rest_framework.test import APIClient

    clerk = persona("npa.clerk")
    npa = Organisation.objects.get(acronym="NPA")
    page = clerk.post("/geopackage/export/", {"organisation": npa.pk, "as_of": str(BEFORE)})
    assert page.status_code == 200 and f"-as-of-{BEFORE}.gpkg" in page["Content-Disposition"]
    bad = clerk.post("/geopackage/export/", {"organisation": npa.pk, "as_of": "2999-01-01"})
    assert bad.status_code == 400 and "future" in bad.content.decode()
    api = APIClient()
    api.force_authenticate(User.objects.get(username="npa.clerk"))
    answer = api.post("/api/v1/geopackage/export/", {"organisation": "NPA", "as_of": str(AFTER)}, format="json")
    assert answer.status_code == 200 and f"-as-of-{AFTER}.gpkg" in answer["Content-Disposition"]
    refused = api.post("/api/v1/geopackage/export/", {"organisation": "NPA", "as_of": "31/12/2024"}, format="json")
    assert refused.status_code == 400 and "as_of" in refused.json()


def test_a_large_export_keeps_its_day_in_the_background_job(
    user: Any, reduced: HazardArea, settings: Any, tmp_path: Path
) -> None:
    from minefree.exports.jobs import run_job
    from minefree.geopackage.geopackage_jobs import start_export_job
    from minefree.geopackage.models import GeoPackageExport

    settings.DATA_DIR = tmp_path / "data"
    job = start_export_job(user("npa.clerk"), Organisation.objects.get(acronym="NPA"), BEFORE)
    done = run_job(job.pk)
    assert done.state == "done" and done.result_name.endswith(f"-as-of-{BEFORE}.gpkg")
    assert GeoPackageExport.objects.order_by("-pk").values_list("as_of", flat=True)[0] == BEFORE
