"""Hostile geometries (1e300, NaN, out of range, empty, a collection, the wrong type) thrown at every
way a geometry comes in answer a 4xx naming the field and write nothing; 3D/4D coordinates are
flattened to 2D, never a 500. A 1e300 coordinate once killed the server process (GEOS overflows a
stack buffer writing it as WKT), so that case is also run in a child process that must survive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry
from rest_framework.test import APIClient

from minefree.core.tests.test_bad_input import api_hazard, hazard_form
from minefree.disaster.models import AffectedArea
from minefree.fieldcollection.models import XForm
from minefree.fieldcollection.tests.collect import device
from minefree.fieldcollection.tests.test_form_versions import spot_instance
from minefree.fieldcollection.tests.test_openrosa import hazard_instance, post
from minefree.fieldwork.models import FieldReport
from minefree.geopackage.geopackage import encode_geometry
from minefree.geopackage.geopackage_import import ImportRefused, import_geopackage
from minefree.geopackage.tests.gpkg_edits import edit
from minefree.hazards.models import HazardArea, OrdnanceFind
from minefree.hazards.tests.helpers import new_hazard

pytestmark = pytest.mark.django_db

X, Y = 69.77, 40.77  # in the demo's TJ-SU-GFR district, where no hazard lies


def ring(*corner: Any) -> list[list[Any]]:
    """A closed square ring at (X, Y) whose first and last vertex is `corner`."""
    rest = [[X + 0.002, Y], [X + 0.002, Y + 0.002], [X, Y + 0.002]]
    return [list(corner), *rest, list(corner)]


def polygon(*corner: Any) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [ring(*corner)]}


def point(*coords: Any) -> dict[str, Any]:
    return {"type": "Point", "coordinates": list(coords)}


HUGE = 1e300
# Polygon-valued hostile geometries and, for a point field, the point-valued twin of each.
HOSTILE: dict[str, tuple[Any, Any]] = {
    "1e300": (polygon(HUGE, Y), point(HUGE, 38)),
    "-1e300 latitude": (polygon(X, -HUGE), point(70, -HUGE)),
    "1e20": (polygon(1e20, Y), point(1e20, 38)),
    "longitude 200": (polygon(200, Y), point(200, 38)),
    "latitude 95": (polygon(X, 95), point(70, 95)),
    "NaN string": (polygon("NaN", Y), point("NaN", 38)),
    "Infinity string": (polygon("Infinity", Y), point("Infinity", 38)),
    "nan WKT": (f"POLYGON((nan {Y}, {X + 0.002} {Y}, {X} {Y + 0.002}, nan {Y}))", "POINT(nan 38)"),
    "1e300 WKT": (f"POLYGON((1e300 {Y}, {X + 0.002} {Y}, {X} {Y + 0.002}, 1e300 {Y}))", "POINT(1e300 38)"),
    "empty MultiPolygon": ({"type": "MultiPolygon", "coordinates": []}, {"type": "MultiPoint", "coordinates": []}),
    "empty Polygon": ({"type": "Polygon", "coordinates": []}, "POINT EMPTY"),
    "GeometryCollection": (
        {"type": "GeometryCollection", "geometries": [polygon(X, Y)]},
        {"type": "GeometryCollection", "geometries": [point(70, 38)]},
    ),
    "wrong type": (point(X, Y), polygon(X, Y)),
}
# 3D, 4D and 5D coordinates: accepted and stored in 2D (GPS altitude, ODK accuracy are not kept).
FLATTENED = {
    n: (polygon(X, Y, *extra), point(69.6, 40.6, *extra))
    for n, extra in {"3D": (99999,), "4D": (1, 2), "5D": (1, 2, 3)}.items()
}
NAMES = list(HOSTILE)


def api(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def refused(response: Any, named: str) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert named in response.content.decode(), response.content[:600]


def written() -> tuple[int, int, int, int]:
    return (
        HazardArea.objects.count(),
        FieldReport.objects.exclude(state=FieldReport.State.DRAFT).count(),
        AffectedArea.objects.count(),
        OrdnanceFind.objects.count(),
    )


def report_body(kind: str, geometry: Any) -> dict[str, Any]:
    if kind == "hazard":
        payload = {
            "name": "Hostile",
            "admin_area": "TJ-SU-GFR",
            "classification": "SHA",
            "contamination": "ap_mines",
            "geometry": geometry,
        }
    else:
        payload = {
            "category": "uxo",
            "ordnance_type": "VOG-17",
            "quantity": 1,
            "disposal": "in_situ",
            "disposed_on": "2024-05-05",
            "location": geometry,
        }
    return {
        "kind": kind,
        "organisation": "NPA",
        "client_id": f"hostile-{uuid.uuid4()}",
        "date_of_information": "2024-05-05",
        "payload": payload,
    }


def send_report(kind: str, geometry: Any) -> tuple[Any, Any]:
    """The draft's answer and, when the draft was kept, the submission's."""
    client = api("npa.clerk")
    draft = client.post("/api/v1/field-reports/", report_body(kind, geometry), format="json")
    if draft.status_code != 201:
        return draft, None
    return draft, client.post(f"/api/v1/field-reports/{draft.json()['id']}/submit/", {}, format="json")


class TestHostileGeometryIsRefused:
    @pytest.mark.parametrize("name", NAMES)
    def test_hazard_api_create(self, name: str) -> None:
        before = written()
        response = api("tnmac.im").post("/api/v1/hazards/", api_hazard(geometry=HOSTILE[name][0]), format="json")
        refused(response, "geometry")
        assert written() == before

    @pytest.mark.parametrize("name", NAMES)
    def test_hazard_api_patch(self, user: Any, name: str) -> None:
        hazard = new_hazard(user("tnmac.im"))
        body = {"version": hazard.version, "effective_date": "2024-01-01", "geometry": HOSTILE[name][0]}
        refused(api("tnmac.im").patch(f"/api/v1/hazards/{hazard.pk}/", body, format="json"), "geometry")
        again = HazardArea.objects.get(pk=hazard.pk)
        assert again.version == hazard.version and again.geometry.equals(hazard.geometry)

    @pytest.mark.parametrize(("kind", "field", "index"), [("hazard", "geometry", 0), ("spot_task", "location", 1)])
    @pytest.mark.parametrize("name", NAMES)
    def test_field_report_api(self, name: str, kind: str, field: str, index: int) -> None:
        before = written()
        draft, submitted = send_report(kind, HOSTILE[name][index])
        if submitted is None:
            refused(draft, field)
        else:  # a draft may hold anything; submitting names the field and keeps it a draft
            refused(submitted, field)
            assert FieldReport.objects.get(pk=draft.json()["id"]).state == FieldReport.State.DRAFT
        assert written() == before

    @pytest.mark.parametrize(
        "location", ["1e300 70 0 5", "38 1e300 0 0", "nan 70 0 0", "38 inf 0 0", "95 70 0 0", "38 200 0 0"]
    )
    def test_openrosa_spot_task(self, location: str) -> None:
        version = XForm.objects.get(form_id="minefree_spot_task").version
        xml = spot_instance(version).replace(b"37.4 69.1 0 0", location.encode())
        before = written(), FieldReport.objects.count()
        refused(post(device(), xml), "location")
        assert (written(), FieldReport.objects.count()) == before

    @pytest.mark.parametrize("vertex", ["1e300 69.9 0 0", "40.9 -1e300 0 0", "nan 69.9 0 0", "40.9 181 0 0"])
    def test_openrosa_hazard(self, vertex: str) -> None:
        shape = f"{vertex};40.9 69.902 0 0;40.902 69.902 0 0;40.902 69.9 0 0;{vertex}"
        before = written(), FieldReport.objects.count()
        refused(post(device(), hazard_instance(f"uuid:{uuid.uuid4()}", geometry=shape)), "geometry")
        assert (written(), FieldReport.objects.count()) == before

    @pytest.mark.parametrize("name", NAMES)
    def test_disaster_api(self, name: str) -> None:
        before = written()
        body = {"name": "Hostile", "kind": "mudslide", "event_date": "2026-04-02", "geometry": HOSTILE[name][0]}
        refused(api("coes.officer").post("/api/v1/disaster/", body, format="json"), "geometry")
        assert written() == before

    @pytest.mark.parametrize("name", NAMES)
    def test_hazard_web_form(self, persona: Any, name: str) -> None:
        before = written()
        geometry = HOSTILE[name][0]
        drawn = geometry if isinstance(geometry, str) else json.dumps(geometry)
        page = persona("tnmac.im").post("/hazards/new/", hazard_form(drawn=drawn))
        refused(page, "Could not read a geometry")
        assert written() == before

    @pytest.mark.parametrize("vertex", [f"40.77, 1{'0' * 300}", "40.77, 200", f"-{'9' * 400}, 69.77"])
    def test_hazard_web_form_typed_coordinates(self, persona: Any, vertex: str) -> None:
        before = written()
        typed = f"{vertex}\n40.77, 69.772\n40.772, 69.772\n40.772, 69.77"
        page = persona("tnmac.im").post("/hazards/new/", hazard_form(drawn="", coordinates=typed))
        refused(page, "The typed coordinates are not a polygon")
        assert written() == before

    @pytest.mark.parametrize(
        "wkt",
        [
            f"MULTIPOLYGON(((1e300 {Y}, {X + 0.002} {Y}, {X} {Y + 0.002}, 1e300 {Y})))",
            f"MULTIPOLYGON((({X} 95, {X + 0.002} {Y}, {X} {Y + 0.002}, {X} 95)))",
            "MULTIPOLYGON EMPTY",
            f"POINT({X} {Y})",
        ],
    )
    def test_geopackage_import(self, tmp_path: Path, wkt: str) -> None:
        clerk = User.objects.get(username="npa.clerk")
        path = export(clerk, tmp_path)
        with edit(path) as gpkg:
            gpkg.execute(
                "INSERT INTO hazard_areas (geom, name, classification, contamination)"
                " VALUES (?, 'Hostile', 'SHA', 'ap_mines')",
                (encode_geometry(bytes(GEOSGeometry(wkt).wkb), 4326)[0],),
            )
            fid = gpkg.execute("SELECT max(fid) FROM hazard_areas").fetchone()[0]
        before = written(), FieldReport.objects.count()
        with pytest.raises(ImportRefused) as refusal:
            import_geopackage(clerk, path, "npa.gpkg")
        assert ("hazard_areas", fid, "geom") in {(p.layer, p.fid, p.field) for p in refusal.value.problems}
        assert (written(), FieldReport.objects.count()) == before


def export(clerk: User, tmp_path: Path) -> Path:
    from minefree.geopackage.geopackage_export import export_geopackage
    from minefree.organisations.models import Organisation

    path = tmp_path / "npa.gpkg"
    export_geopackage(clerk, Organisation.objects.get(acronym="NPA"), path)
    return path


class TestExtraDimensionsAreDropped:
    """ODK and GPS units send altitude and accuracy: read as 2D, stored as 2D, never a 500."""

    @pytest.mark.parametrize("name", list(FLATTENED))
    def test_hazard_api(self, name: str) -> None:
        body = api_hazard(geometry=FLATTENED[name][0], confirm=True)
        response = api("tnmac.im").post("/api/v1/hazards/", body, format="json")
        assert response.status_code == 201, response.content[:400]
        assert not HazardArea.objects.get(pk=response.json()["id"]).geometry.hasz

    @pytest.mark.parametrize("name", list(FLATTENED))
    def test_disaster_api(self, name: str) -> None:
        body = {"name": "Flat", "kind": "mudslide", "event_date": "2026-04-02", "geometry": FLATTENED[name][0]}
        response = api("coes.officer").post("/api/v1/disaster/", body, format="json")
        assert response.status_code == 201, response.content[:400]
        stored = AffectedArea.objects.latest("pk").geometry
        assert stored is not None and not stored.hasz

    @pytest.mark.parametrize(("kind", "index"), [("hazard", 0), ("spot_task", 1)])
    @pytest.mark.parametrize("name", list(FLATTENED))
    def test_field_report_submitted_and_approved(self, name: str, kind: str, index: int) -> None:
        draft, submitted = send_report(kind, FLATTENED[name][index])
        assert submitted is not None and submitted.status_code == 200, (draft.content, submitted and submitted.content)
        url = f"/api/v1/field-reports/{draft.json()['id']}/approve/"
        approved = api("tnmac.im").post(url, {"confirm": True}, format="json")
        assert approved.status_code == 200 and approved.json()["state"] == "approved", approved.content[:400]
        if kind == "spot_task":
            location = OrdnanceFind.objects.latest("pk").location
            assert location is not None and not location.hasz and location.coords == (69.6, 40.6)

    @pytest.mark.parametrize("location", [point(69.6, 40.6, 99999), point(69.6, 40.6, 1, 2), "69.6 40.6"])
    def test_spot_task_draft_opens_in_the_edit_form(self, persona: Any, location: Any) -> None:
        draft = api("npa.clerk").post("/api/v1/field-reports/", report_body("spot_task", location), format="json")
        assert draft.status_code == 201, draft.content[:400]
        page = persona("npa.clerk").get(f"/field-reports/{draft.json()['id']}/edit/")
        assert page.status_code == 200
        if isinstance(location, dict):
            assert 'value="69.6"' in page.content.decode()

    def test_geopackage_polygon_z(self, tmp_path: Path) -> None:
        clerk = User.objects.get(username="npa.clerk")
        path = export(clerk, tmp_path)
        wkt = f"MULTIPOLYGON Z ((({X} {Y} 5, {X + 0.002} {Y} 5, {X} {Y + 0.002} 5, {X} {Y} 5)))"
        with edit(path) as gpkg:
            gpkg.execute(
                "INSERT INTO hazard_areas (geom, name, classification, contamination, admin_area)"
                " VALUES (?, 'Walked with GPS', 'SHA', 'ap_mines', 'TJ-SU-GFR')",
                (encode_geometry(bytes(GEOSGeometry(wkt).wkb), 4326)[0],),
            )
        import_geopackage(clerk, path, "npa.gpkg")
        report = FieldReport.objects.get(payload__name="Walked with GPS")
        assert report.geometry is not None and not report.geometry.hasz


GI = "from minefree.core.geometry_input import "
POINT = "{'type': 'Point', 'coordinates': [1e300, 38]}"
POLY = "'POLYGON((1e300 1, 2 2, 3 1, 1e300 1))'"
ENTRIES = {
    "GeoJSON": GI + "read_geometry as r; g = r(" + POINT + ")",
    "WKT": GI + f"read_geometry as r; g = r({POLY})",
    "file": GI + f"parse_geometry_text as r; g = r({POLY}, 'area.wkt')",
    "typed": GI + "parse_coordinates as r; g = r('1 1' + '0' * 300 + '\\n2 2\\n3 1')",
    "GeoPackage": (
        "from django.contrib.gis.geos import Point; from minefree.geopackage import geopackage as p;"
        " g = p.read_geometry(p.encode_geometry(bytes(Point(1e300, 38).wkb), 4326)[0])"
    ),
    "report point": "from minefree.fieldwork.models import point_in as r; g = r(" + POINT + ")",
}


@pytest.mark.engine_free  # the child refuses before any query: the same on either engine
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_a_1e300_coordinate_is_refused_before_geos_writes_text(entry: str) -> None:
    """The crash itself, where it cannot take pytest down: each way in refuses 1e300 before anything
    (SpatiaLite's query adapter, audit, timeline) writes the geometry as WKT."""
    script = (
        "import django; django.setup()\n"
        "try:\n"
        f"    {ENTRIES[entry]}\n"
        "except Exception as exc:\n"
        "    print('refused', type(exc).__name__)\n"
        "else:\n"
        "    print('refused' if g is None else g.wkt[:40])\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minefree.settings"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.startswith("refused"), result.stdout
