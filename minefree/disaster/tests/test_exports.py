"""The overlay leaves as a GeoPackage GDAL opens and a PDF that names every hazard."""

from __future__ import annotations

import io
from pathlib import Path

from django.contrib.gis.gdal import DataSource
from pypdf import PdfReader

from minefree.disaster import exports, views
from minefree.disaster.tests.helpers import AREA, FAR, INSIDE, NEAR, record
from minefree.hazards.tests.helpers import new_hazard


def _three_hazards(user):  # type: ignore[no-untyped-def]
    im = user("tnmac.im")
    return [new_hazard(im, name=n, geometry=g) for n, g in (("Inside", INSIDE), ("Near", NEAR), ("Far", FAR))]


def test_the_geopackage_has_the_three_layers_with_their_rows(persona, user, tmp_path: Path):
    inside, near, _far = _three_hazards(user)
    area = record(user("coes.officer"), AREA, 500, name="Isfara flood")
    response = persona("coes.officer").get(f"/disaster/{area.pk}/overlay.gpkg")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="overlay-')
    path = tmp_path / "overlay.gpkg"
    path.write_bytes(b"".join(response.streaming_content))
    source = DataSource(str(path))
    layers = {layer.name: layer for layer in source}
    assert set(layers) == {"affected_area", "hazard_areas", "released_land", "search_zone", "layer_styles"}
    assert len(layers["layer_styles"]) == 4  # each layer drawn as the disaster map draws it (styles/)
    hazards = layers["hazard_areas"]
    assert len(hazards) == 2
    by_reference = {f.get("reference"): f for f in hazards}
    assert set(by_reference) == {inside.reference, near.reference}
    assert by_reference[inside.reference].get("inside") == 1
    assert 280 < by_reference[near.reference].get("distance_m") < 310
    assert by_reference[near.reference].geom.geos.equals_exact(near.geometry, 1e-9)
    assert len(layers["released_land"]) == 0
    outline = next(iter(layers["affected_area"]))
    assert outline.get("name") == "Isfara flood" and outline.geom.geos.equals_exact(AREA, 1e-9)
    assert layers["affected_area"].srs.srid == 4326


def test_the_pdf_lists_the_references_and_the_counts(persona, user):
    inside, near, far = _three_hazards(user)
    area = record(user("coes.officer"), AREA, 500, name="Isfara flood")
    response = persona("coes.officer").get(f"/disaster/{area.pk}/overlay.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Isfara flood" in text
    assert inside.reference in text and near.reference in text
    assert far.reference not in text
    assert "Hazardous areas: 2 (1 inside)" in text


def test_the_pdf_carries_cyrillic_names(persona, user):
    im = user("tnmac.im")
    new_hazard(im, name="Поле у реки", geometry=INSIDE)
    area = record(user("coes.officer"), AREA, 0, name="Сел в Исфаре")
    response = persona("coes.officer").get(f"/disaster/{area.pk}/overlay.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Сел в Исфаре" in text and "Поле у реки" in text


def test_a_pdf_over_its_row_limit_says_so_and_keeps_the_counts(persona, user, monkeypatch):
    inside, near, _far = _three_hazards(user)
    monkeypatch.setattr(exports, "PDF_ROWS", 1)
    area = record(user("coes.officer"), AREA, 500, name="Isfara flood")
    response = persona("coes.officer").get(f"/disaster/{area.pk}/overlay.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Hazardous areas: 2 (1 inside)" in text
    assert "nearest 1 of each" in text
    assert inside.reference in text and near.reference not in text


def test_the_page_caps_its_lists_but_not_its_counts(persona, user, monkeypatch):
    inside, near, _far = _three_hazards(user)
    monkeypatch.setattr(views, "PAGE_LIMIT", 1)
    area = record(user("coes.officer"), AREA, 500)
    page = persona("coes.officer").get(f"/disaster/{area.pk}/").content.decode()
    assert 'id="hazard-count">2 (1 inside)' in page
    assert inside.reference in page and near.reference not in page
    assert "nearest 1 of each" in page
