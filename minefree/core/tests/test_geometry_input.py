import json

import pytest

from minefree.core.errors import ActionError
from minefree.core.geometry_input import parse_coordinates, parse_geometry_text

RING = [[69.5, 40.5], [69.51, 40.5], [69.51, 40.51], [69.5, 40.5]]


def test_geojson_geometry_feature_and_collection():
    geometry = {"type": "Polygon", "coordinates": [RING]}
    for text in (
        json.dumps(geometry),
        json.dumps({"type": "Feature", "properties": {}, "geometry": geometry}),
        json.dumps(
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": geometry}]}
        ),
    ):
        assert parse_geometry_text(text, "area.geojson").geom_type == "Polygon"


def test_kml_with_altitude_is_flattened():
    kml = """<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>
    <Polygon><outerBoundaryIs><LinearRing>
    <coordinates>69.5,40.5,1200 69.51,40.5,1210 69.51,40.51,1220 69.5,40.5,1200</coordinates>
    </LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>"""
    geom = parse_geometry_text(kml, "area.kml")
    assert geom.geom_type == "Polygon" and not geom.hasz


def test_wkt():
    assert parse_geometry_text("POLYGON((69.5 40.5, 69.51 40.5, 69.51 40.51, 69.5 40.5))", "a.wkt").num_points == 4


def test_unreadable_file_names_the_file():
    with pytest.raises(ActionError) as caught:
        parse_geometry_text("{not json", "broken.geojson")
    assert "broken.geojson" in str(caught.value) and "geometry_file" in caught.value.errors


def test_a_line_is_not_a_polygon():
    with pytest.raises(ActionError, match="LineString"):
        parse_geometry_text("LINESTRING(69.5 40.5, 69.6 40.6)")


def test_typed_coordinates_latlon_and_the_bad_line_is_named():
    polygon = parse_coordinates("40.5, 69.5\n40.5, 69.51\n40.51, 69.51")
    assert polygon.coords[0][0] == (69.5, 40.5)
    with pytest.raises(ActionError, match="Line 2"):
        parse_coordinates("40.5, 69.5\nforty, 69.51\n40.51, 69.51")
