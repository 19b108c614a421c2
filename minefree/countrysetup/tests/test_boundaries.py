"""Boundaries files as COD and geoBoundaries publish them, loaded all or nothing, by code, audited."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from django.contrib.gis.geos import Polygon
from django.utils import translation
from pyogrio.raw import write

from minefree.core.models import AuditEntry
from minefree.countrysetup import columns, sources
from minefree.countrysetup.actor import CommandLine
from minefree.countrysetup.boundaries import load_areas
from minefree.countrysetup.sources import BoundaryFileError
from minefree.countrysetup.tests import ruritania
from minefree.countrysetup.tests.helpers import ruritania_from_cod, setup
from minefree.gazetteer.models import AdminArea, Country


def load(path: Path, level: int, layer: str | None = None, **given: str):
    layer = layer or sources.layer_names(path, path.name)[0]
    found = sources.describe(path, path.name, layer)
    chosen = columns.chosen(level, found.columns, sources.preview(path, path.name, layer), **given)
    return load_areas(CommandLine(), Country.objects.get(code="RUR"), level, path, chosen, layer=layer)


def test_a_cod_geopackage_gives_regions_and_districts_with_their_names(db, tmp_path):
    ruritania_from_cod(tmp_path)
    country = Country.objects.get(code="RUR")
    assert country.boundary.extent == (20.0, 45.0, 22.0, 46.0) and country.time_zone == "Europe/Vienna"
    regions = AdminArea.objects.filter(country=country, level=1).order_by("code")
    assert [(r.code, r.name) for r in regions] == [("RU-ST", "Strelsau"), ("RU-ZE", "Zenda")]
    castle = AdminArea.objects.get(code="RU-ZE-01")
    assert castle.parent.code == "RU-ZE" and castle.boundary.geom_type == "MultiPolygon"
    assert str(castle) == "Zenda Castle"
    with translation.override("ru"):
        assert str(castle) == "Замок Зенда" and str(castle.parent) == "Зенда" and str(country) == "Руритания"
    with translation.override("tg"):
        assert str(castle) == "Zenda Castle"  # no Tajik column in the district layer: the default name
        assert str(castle.parent) == "Зенда"


def test_loading_the_same_file_again_updates_by_code_and_creates_nothing_twice(db, tmp_path):
    cod = ruritania_from_cod(tmp_path)
    again = load(cod, 2, "rur_admbnda_adm2")
    assert (again.created, again.updated) == ([], [])
    assert sorted(again.unchanged) == sorted(ruritania.DISTRICTS)
    assert AdminArea.objects.filter(country__code="RUR").count() == 6
    loads = AuditEntry.objects.filter(action="load_admin_areas", object_repr="Ruritania")
    assert loads.count() == 3 and loads.order_by("-pk").first().after["file"] == "rur_adm_cod.gpkg"
    made = AuditEntry.objects.filter(action="load_admin_area", object_repr="Old Town").get()
    assert made.source == "boundaries rur_adm_cod.gpkg" and made.before is None
    assert made.after["boundary"]["extent"] == [20.0, 45.0, 20.5, 46.0]


def test_geoboundaries_geojson_and_a_projected_shapefile_find_parents_by_overlap(db, tmp_path):
    cod = ruritania.cod_geopackage(tmp_path)
    setup("country", "--code", "RUR", "--name", "Ruritania", "--time-zone", "Europe/Vienna", "--boundary", str(cod))
    regions = load(ruritania.geoboundaries_adm1(tmp_path), 1)
    assert sorted(regions.created) == ["RU-ST", "RU-ZE"]  # shapeISO
    for shapefile in (ruritania.geoboundaries_adm2_shapefile(tmp_path), tmp_path / "geoBoundaries-RUR-ADM2.shp"):
        load(shapefile, 2)
    districts = AdminArea.objects.filter(country__code="RUR", level=2).order_by("code")
    assert [(d.code, d.parent.code) for d in districts] == list(
        zip(ruritania.ADM2_IDS, ["RU-ST", "RU-ST", "RU-ZE", "RU-ZE"], strict=True)
    )  # shapeISO is empty in ADM2: shapeID is the code; the zip and the .shp made the same four
    west, south, east, north = districts[0].boundary.extent  # from UTM 34N back to longitude and latitude
    assert (round(west, 6), round(east, 6), round(south, 6), round(north, 6)) == (20.01, 20.49, 45.0, 46.0)
    # The COD file names the same regions by the same codes: it updates them, with their other names.
    cod_regions = load(cod, 1, "rur_admbnda_adm1")
    assert sorted(cod_regions.updated) == ["RU-ST", "RU-ZE"] and not cod_regions.created
    assert AdminArea.objects.get(code="RU-ST").names == {"ru": "Штрельзау", "tg": "Штрелсау"}


def _bad_file(folder: Path) -> Path:
    path = folder / "bad.gpkg"
    bowtie = "POLYGON((20 45, 21 46, 21 45, 20 46, 20 45))"
    shapes = [
        Polygon.from_bbox((20, 45, 21, 46)).wkt,
        bowtie,
        Polygon.from_bbox((21, 45, 22, 46)).wkt,
        "POLYGON((20 45, 20.1 45, 20.1 45.1, 20 45))",
    ]
    from django.contrib.gis.geos import GEOSGeometry

    write(
        str(path),
        np.array([bytes(GEOSGeometry(w).wkb) for w in shapes], dtype=object),
        [
            np.array(["RU-A", "RU-B", "RU-A", "RU-C"], dtype=object),
            np.array(["Alpha", "Bravo", "Again", ""], dtype=object),
        ],
        ["ADM1_PCODE", "ADM1_EN"],
        layer="adm1",
        geometry_type="Polygon",
        crs="EPSG:4326",
    )
    return path


def test_a_bad_file_names_each_problem_and_writes_nothing(db, tmp_path):
    cod = ruritania.cod_geopackage(tmp_path)
    setup("country", "--code", "RUR", "--name", "Ruritania", "--time-zone", "Europe/Vienna", "--boundary", str(cod))
    before = AdminArea.objects.count()
    with pytest.raises(BoundaryFileError) as refused:
        load(_bad_file(tmp_path), 1)
    problems = refused.value.problems
    assert any(
        p.startswith("file bad.gpkg, layer adm1, feature 2: the geometry is not valid (Self-intersection")
        for p in problems
    )
    assert "file bad.gpkg, layer adm1, feature 3, column ADM1_PCODE: the code RU-A is also on feature 1." in problems
    assert "file bad.gpkg, layer adm1, feature 4, column ADM1_EN: it is empty." in problems
    assert AdminArea.objects.count() == before  # feature 1 was fine, and is not there either
    with pytest.raises(BoundaryFileError) as no_column:
        load(cod, 1, "rur_admbnda_adm1", code="ADM1_CODE")
    assert no_column.value.problems == [
        "file rur_adm_cod.gpkg, layer rur_admbnda_adm1, column ADM1_CODE: the layer has no such column."
    ]


def test_a_district_with_no_region_is_refused(db, tmp_path):
    cod = ruritania.cod_geopackage(tmp_path)
    setup("country", "--code", "RUR", "--name", "Ruritania", "--time-zone", "Europe/Vienna", "--boundary", str(cod))
    with pytest.raises(BoundaryFileError) as by_code:
        load(cod, 2, "rur_admbnda_adm2")  # level 1 not loaded yet
    assert by_code.value.problems[0] == (
        "file rur_adm_cod.gpkg, layer rur_admbnda_adm2, feature 1, column ADM1_PCODE: "
        "RU-ST is not the code of a level-1 area of Ruritania."
    )
    with pytest.raises(BoundaryFileError) as by_overlap:
        load(cod, 2, "rur_admbnda_adm2", parent="")
    assert by_overlap.value.problems[0].endswith(
        "feature 1: no level-1 area of Ruritania holds it; load level 1 first."
    )
    assert not AdminArea.objects.filter(country__code="RUR").exists()


def test_a_code_of_another_country_is_not_taken_over(db, tmp_path):
    cod = ruritania.cod_geopackage(tmp_path)
    setup("country", "--code", "RUR", "--name", "Ruritania", "--time-zone", "Europe/Vienna", "--boundary", str(cod))
    path = tmp_path / "clash.geojson"
    write(
        str(path),
        np.array([bytes(Polygon.from_bbox((20, 45, 21, 46)).wkb)], dtype=object),
        [np.array(["TJ-KT"], dtype=object), np.array(["Khatlon?"], dtype=object)],
        ["shapeISO", "shapeName"],
        geometry_type="Polygon",
        crs="EPSG:4326",
        driver="GeoJSON",
    )
    with pytest.raises(BoundaryFileError) as refused:
        load(path, 1)
    assert refused.value.problems == [
        "file clash.geojson, layer clash, feature 1, column shapeISO: "
        "the code TJ-KT is already a level-1 area of Tajikistan."
    ]
    assert AdminArea.objects.get(code="TJ-KT").name == "Khatlon"
