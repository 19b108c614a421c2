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


GPX_TRACK = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>walk</name><trkseg>
<trkpt lat="40.50" lon="69.50"><ele>1200</ele></trkpt><trkpt lat="40.50" lon="69.51"><ele>1201</ele></trkpt>
<trkpt lat="40.51" lon="69.51"><ele>1203</ele></trkpt><trkpt lat="40.51" lon="69.50"><ele>1202</ele></trkpt>
</trkseg></trk></gpx>"""


def test_a_gpx_track_walked_around_the_area_is_closed_into_a_polygon():
    geom = parse_geometry_text(GPX_TRACK, "walk.gpx")
    assert geom.geom_type == "Polygon" and not geom.hasz
    assert geom.extent == pytest.approx((69.50, 40.50, 69.51, 40.51))
    assert parse_geometry_text(GPX_TRACK, "upload.txt").equals(geom)  # known by its content too


def test_gpx_waypoints_make_a_polygon_and_too_few_are_refused():
    points = "".join(f'<wpt lat="{lat}" lon="{lon}"/>' for lat, lon in ((40.5, 69.5), (40.5, 69.51), (40.51, 69.51)))
    gpx = (
        f'<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">{points}</gpx>'
    )
    assert parse_geometry_text(gpx, "points.gpx").num_coords == 4
    two = gpx.replace('<wpt lat="40.51" lon="69.51"/>', "")
    with pytest.raises(ActionError) as refused:
        parse_geometry_text(two, "points.gpx")
    assert "points.gpx" in str(refused.value.errors) and "three waypoints" in str(refused.value.errors)
