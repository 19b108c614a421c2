"""The GeoPackage writer: files that GDAL (and so QGIS and QField) open without a warning."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon

from minefree.geopackage.geopackage import (
    GeoPackageError,
    Layer,
    decode_geometry,
    encode_geometry,
    open_geopackage,
    read_features,
    read_geometry,
    read_metadata,
    write_geopackage,
)

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
FIELDS = [
    ("reference", "TEXT"),
    ("count", "INTEGER"),
    ("area_m2", "REAL"),
    ("found_on", "DATE"),
    ("changed_at", "DATETIME"),
    ("mechanical", "BOOLEAN"),
]


def square(x: float, y: float, size: float = 0.01) -> MultiPolygon:
    ring = ((x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y))
    return MultiPolygon(Polygon(ring), srid=4326)


def hazard_rows(count: int) -> Iterator[tuple[bytes | None, list[Any]]]:
    """A generator, as a queryset's values_list would be: the writer must not need a list."""
    for n in range(count):
        changed = datetime.datetime(2025, 3, 1, 8, 30, tzinfo=datetime.UTC)
        values = [f"HA-{n}", n, 1000.5 + n, datetime.date(2025, 1, 1), changed, n % 2 == 0]
        yield bytes(square(68 + n * 0.02, 38).wkb), values
    yield None, ["no geometry", None, None, None, None, None]


def write_sample(path: Path, count: int = 3) -> None:
    layers = [
        Layer("hazard_areas", "MULTIPOLYGON", FIELDS, hazard_rows(count), description="Hazardous areas"),
        Layer("spots", "POINT", [("note", "TEXT")], iter([(bytes(GEOSGeometry("POINT(69 37)").wkb), ["x"])])),
        Layer("new_areas", "MULTIPOLYGON", FIELDS, []),
    ]
    write_geopackage(path, layers, {"export_id": "17", "exported_by": "npa.clerk"})


def ogrinfo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ogrinfo", *args], capture_output=True, text=True, check=False)


def test_gdal_opens_every_layer_with_its_fields_counts_and_geometry_type(tmp_path: Path) -> None:
    path = tmp_path / "export.gpkg"
    write_sample(path)
    source = DataSource(str(path))
    assert [source[n].name for n in range(source.layer_count)] == ["hazard_areas", "spots", "new_areas"]
    hazards = source["hazard_areas"]
    assert len(hazards) == 4
    assert hazards.fields == [name for name, _kind in FIELDS]
    assert [kind.__name__ for kind in hazards.field_types] == [
        "OFTString",
        "OFTInteger64",
        "OFTReal",
        "OFTDate",
        "OFTDateTime",
        "OFTInteger",
    ]
    assert hazards.geom_type.name == "MultiPolygon"
    assert hazards.srs is not None and hazards.srs.srid == 4326
    first = hazards[1]
    assert first.get("reference") == "HA-0" and first.get("mechanical") == 1
    assert first.geom.geos.equals(square(68, 38))
    assert str(first["found_on"].value) == "2025-01-01"
    assert source["spots"].geom_type.name == "Point"
    assert len(source["new_areas"]) == 0 and source["new_areas"].fields == [n for n, _k in FIELDS]


def test_ogrinfo_reports_no_error_or_warning_and_the_extent(tmp_path: Path) -> None:
    path = tmp_path / "export.gpkg"
    write_sample(path)
    result = ogrinfo("-so", "-al", str(path))
    assert result.returncode == 0
    assert result.stderr == ""
    assert "ERROR" not in result.stdout and "Warning" not in result.stdout
    assert "Feature Count: 4" in result.stdout
    assert "Extent: (68.000000, 38.000000) - (68.050000, 38.010000)" in result.stdout
    assert '"export_id": "17"' in result.stdout  # the metadata GDAL shows for the dataset


@pytest.mark.skipif(not VALIDATOR.exists() or shutil.which("python3") is None, reason="GDAL's validate_gpkg.py absent")
def test_gdal_geopackage_validator_accepts_the_file(tmp_path: Path) -> None:
    path = tmp_path / "export.gpkg"
    write_sample(path)
    result = subprocess.run(["/usr/bin/python3", str(VALIDATOR), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_header_application_id_and_rtree_match_the_spec(tmp_path: Path) -> None:
    path = tmp_path / "export.gpkg"
    write_sample(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 10300
        srs = {row[0] for row in connection.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")}
        assert srs == {-1, 0, 4326}
        assert connection.execute("SELECT count(*) FROM rtree_hazard_areas_geom").fetchone()[0] == 3
        bounds = connection.execute(
            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'hazard_areas'"
        ).fetchone()
        assert bounds == pytest.approx((68.0, 38.0, 68.05, 38.01))
        extensions = {row[0] for row in connection.execute("SELECT extension_name FROM gpkg_extensions")}
        assert extensions == {"gpkg_rtree_index", "gpkg_metadata"}
    assert not (tmp_path / "export.gpkg.partial").exists()


def test_gdal_edits_keep_the_spatial_index_right(tmp_path: Path) -> None:
    """The R-tree triggers run in GDAL (as in QGIS): a moved and a deleted feature update the index."""
    path = tmp_path / "export.gpkg"
    write_sample(path)
    moved = encode_geometry(bytes(square(70, 39).wkb), 4326)[0].hex()
    assert ogrinfo(str(path), "-sql", f"UPDATE hazard_areas SET geom = X'{moved}' WHERE fid = 1").returncode == 0
    assert ogrinfo(str(path), "-sql", "DELETE FROM hazard_areas WHERE fid = 2").returncode == 0
    with sqlite3.connect(path) as connection:
        index = dict(connection.execute("SELECT id, minx FROM rtree_hazard_areas_geom").fetchall())
    assert set(index) == {1, 3} and index[1] == pytest.approx(70.0)
    found = ogrinfo("-ro", "-spat", "69.9", "38.9", "70.1", "39.1", str(path), "hazard_areas")
    assert (
        "Feature Count: 1" in ogrinfo("-so", "-spat", "69.9", "38.9", "70.1", "39.1", str(path), "hazard_areas").stdout
    )
    assert "reference (String) = HA-0" in found.stdout


def test_read_back_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "export.gpkg"
    write_sample(path)
    connection = open_geopackage(path)
    assert read_metadata(connection) == {"export_id": "17", "exported_by": "npa.clerk"}
    features = list(read_features(connection, "hazard_areas"))
    assert [f.fid for f in features] == [1, 2, 3, 4]
    assert features[0].values["changed_at"] == "2025-03-01T08:30:00.000Z"
    geometry = read_geometry(features[1].geometry_blob)
    assert geometry is not None and geometry.equals(square(68.02, 38)) and geometry.srid == 4326
    assert features[3].geometry_blob is None and read_geometry(None) is None
    connection.close()


def test_empty_geometry_and_big_endian_headers_decode(tmp_path: Path) -> None:
    empty, envelope = encode_geometry(bytes(GEOSGeometry("POLYGON EMPTY").wkb), 4326)
    assert envelope is None and decode_geometry(empty) == (None, 4326)
    wkb = bytes(GEOSGeometry("POINT(1 2)").wkb)
    big_endian = b"GP\x00\x00" + (4326).to_bytes(4, "big") + wkb  # no envelope, as some writers do points
    assert decode_geometry(big_endian) == (wkb, 4326)
    with pytest.raises(GeoPackageError):
        decode_geometry(b"XX\x00\x00\x00\x00\x00\x00")


def test_a_wrong_layer_definition_or_a_non_geopackage_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GeoPackageError, match="geometry type"):
        write_geopackage(tmp_path / "a.gpkg", [Layer("x", "CIRCLE", [], [])])
    with pytest.raises(GeoPackageError, match="column"):
        write_geopackage(tmp_path / "a.gpkg", [Layer("x", "POINT", [("fid", "TEXT")], [])])
    with pytest.raises(GeoPackageError, match="2 values for 1 fields"):
        write_geopackage(tmp_path / "a.gpkg", [Layer("x", "POINT", [("a", "TEXT")], [(None, ["1", "2"])])])
    assert not (tmp_path / "a.gpkg").exists() and not (tmp_path / "a.gpkg.partial").exists()
    (tmp_path / "b.gpkg").write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(GeoPackageError, match="not a GeoPackage"):
        open_geopackage(tmp_path / "b.gpkg")


@pytest.mark.parametrize(
    "wkt",
    [
        "POINT (69.5 38.25)",
        "LINESTRING (68 37, 69.5 38, 70 36.5)",
        "POLYGON ((68 37, 70 37, 70 39, 68 39, 68 37), (68.5 37.5, 69 37.5, 69 38, 68.5 37.5))",
        "MULTIPOLYGON (((68 37, 69 37, 69 38, 68 37)), ((71 36, 72 36, 72 35, 71 36)))",
        "GEOMETRYCOLLECTION (POINT (60 30), LINESTRING (61 31, 62 29))",
        "POLYGON Z ((68 37 1, 70 37 2, 70 39 3, 68 37 1))",
    ],
)
def test_the_envelope_read_from_wkb_matches_gdal(wkt: str) -> None:
    from django.contrib.gis.gdal import OGRGeometry

    from minefree.geopackage.geopackage import wkb_envelope

    geom = OGRGeometry(wkt)
    minx, miny, maxx, maxy = geom.extent
    for wkb in (bytes(geom.wkb), bytes(GEOSGeometry(wkt).wkb)):  # ISO WKB from GDAL, extended from GEOS
        assert wkb_envelope(wkb) == pytest.approx((minx, maxx, miny, maxy))
    assert wkb_envelope(bytes(GEOSGeometry("MULTIPOLYGON EMPTY").wkb)) is None
    with pytest.raises(GeoPackageError):
        wkb_envelope(bytes(geom.wkb)[:9])
