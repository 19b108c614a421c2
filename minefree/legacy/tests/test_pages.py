"""The pages: upload, build the mapping beside the file's values, dry-run and import as jobs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minefree.exports.jobs import run_job
from minefree.hazards.models import HazardArea
from minefree.legacy.tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def _upload(client: Any, path: Path) -> str:
    response = client.post("/legacy-import/", {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def _builder_post(rows: int = 3) -> dict[str, Any]:
    """What a clerk picks in the builder for the IMSMA test file: columns, and each value's choice."""
    return {
        "layer": "HAZARDS",
        "target": "hazard",
        "guid": "GUID",
        "local_id": "LOCALID",
        "col_name": "HAZ_NAME",
        "col_classification": "HAZ_TYPE",
        "src_classification__1": "Confirmed Hazardous Area",
        "map_classification__1": "CHA",
        "src_classification__2": "Suspected Hazardous Area",
        "map_classification__2": "SHA",
        "col_contamination": "CONTAM",
        "src_contamination__1": "AP mines",
        "map_contamination__1": "ap_mines",
        "col_admin_area": "DISTRICT",
        "by_admin_area": "code",
        "col_recorded_on": "DATE_INFO",
        "col_recorded_area_m2": "AREA_M2",
        "date_formats": ["dd/mm/yyyy"],
    }


def test_the_builder_shows_columns_and_values_and_its_mapping_downloads(persona: Any, tmp_path: Path) -> None:
    client = persona("tnmac.im")
    page = _upload(client, files.write_geo(tmp_path / "imsma.gpkg", files.hazard_rows(3), "GPKG"))
    html = client.get(page).content.decode()
    assert "HAZ_TYPE" in html and "Confirmed Hazardous Area" in html and "Legacy field 1" in html
    response = client.post(page, {**_builder_post(), "action": "download"})
    assert response["Content-Disposition"] == 'attachment; filename="mapping-hazard.json"'
    mapping = json.loads(response.content)
    assert mapping["fields"]["classification"]["values"] == {
        "Confirmed Hazardous Area": "CHA",
        "Suspected Hazardous Area": "SHA",
    }
    # The downloaded file, uploaded again, fills the builder the same way.
    again = client.post(page, {"mapping_file": SimpleUploadedFile("m.json", response.content)})
    assert again.status_code == 200
    assert '<option value="SHA" selected>' in again.content.decode()


def test_dry_run_then_import_as_jobs_with_problems_listed_and_downloadable(persona: Any, tmp_path: Path) -> None:
    client = persona("tnmac.im")
    bad = files.write_geo(tmp_path / "bad.gpkg", files.hazard_rows(3, {2: {"DATE_INFO": "someday"}}), "GPKG")
    page = _upload(client, bad)
    response = client.post(page, {**_builder_post(), "action": "dry_run"})
    pk = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert run_job(pk).state == "done"
    html = client.get(f"/legacy-import/jobs/{pk}/").content.decode()
    assert "3 rows read; 1 problem. Nothing was written." in html and "someday" in html
    csv_text = client.get(f"/legacy-import/jobs/{pk}/problems.csv").content.decode()
    assert csv_text.splitlines()[1].startswith("bad.gpkg,HAZARDS,3,DATE_INFO,")
    before = HazardArea.objects.count()
    refused = client.post(page, {**_builder_post(), "action": "run"})
    refused_pk = int(refused["Location"].rstrip("/").rsplit("/", 1)[1])
    assert run_job(refused_pk).state == "failed"
    assert "1 problem" in client.get(f"/legacy-import/jobs/{refused_pk}/").content.decode()
    assert HazardArea.objects.count() == before

    good = _upload(client, files.write_geo(tmp_path / "good.gpkg", files.hazard_rows(3), "GPKG"))
    started = client.post(good, {**_builder_post(), "action": "run"})
    done = run_job(int(started["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert done.state == "done"
    page_html = client.get(f"/legacy-import/jobs/{done.pk}/").content.decode()
    assert "3 rows imported: 3 created, 0 updated, 0 unchanged." in page_html
    assert HazardArea.objects.count() == before + 3
    assert "good.gpkg" in client.get("/legacy-import/").content.decode()


@pytest.mark.parametrize(
    ("username", "status"),
    [("tnmac.admin", 200), ("tnmac.im", 200), ("tnmac.qa", 403), ("npa.clerk", 403), ("donor.usdos", 403)],
)
def test_the_pages_are_for_importers_only(persona: Any, username: str, status: int, tmp_path: Path) -> None:
    assert persona(username).get("/legacy-import/").status_code == status


def test_an_uploaded_file_is_its_uploaders_alone(persona: Any, tmp_path: Path) -> None:
    page = _upload(persona("tnmac.im"), files.write_geo(tmp_path / "h.gpkg", files.hazard_rows(1), "GPKG"))
    assert persona("tnmac.admin").get(page).status_code == 404
