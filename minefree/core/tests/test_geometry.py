from django.contrib.gis.geos import GEOSGeometry, Polygon

from minefree.core.geometry import area_m2, check_polygon
from minefree.demo.geography import tajikistan_boundary

COUNTRY = tajikistan_boundary()


def square(lon: float, lat: float, d: float = 0.001) -> Polygon:
    return Polygon(((lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d), (lon, lat)), srid=4326)


def check(geom: GEOSGeometry):  # type: ignore[no-untyped-def]
    return check_polygon(geom, country=COUNTRY, country_name="Tajikistan")


def test_area_is_measured_in_the_local_utm_zone():
    metres = Polygon(
        ((500000, 4200000), (500300, 4200000), (500300, 4200200), (500000, 4200200), (500000, 4200000)), srid=32642
    )
    metres.transform(4326)
    assert abs(area_m2(metres) - 60000) < 0.01


def test_a_clean_polygon_passes():
    result = check(square(69.5, 40.5))
    assert result.errors == [] and result.warnings == []


def test_self_intersecting_polygon_is_refused_with_the_reason():
    bowtie = Polygon(((69.5, 40.5), (69.51, 40.51), (69.51, 40.5), (69.5, 40.51), (69.5, 40.5)), srid=4326)
    assert any("Self-intersection" in e or "self-intersection" in e for e in check(bowtie).errors)


def test_fewer_than_three_distinct_vertices():
    flat = GEOSGeometry("POLYGON((69.5 40.5, 69.51 40.5, 69.5 40.5, 69.51 40.5, 69.5 40.5))", srid=4326)
    assert any("fewer than three distinct vertices" in e for e in check(flat).errors)


def test_repeated_consecutive_vertex_is_named():
    geom = GEOSGeometry("POLYGON((69.5 40.5, 69.51 40.5, 69.51 40.5, 69.51 40.51, 69.5 40.5))", srid=4326)
    assert any("repeats vertex 2" in e for e in check(geom).errors)


def test_vertex_gap_over_five_km_is_a_warning():
    wide = square(69.5, 40.5, d=0.08)
    result = check(wide)
    assert result.errors == []
    assert any("over 5 km" in w for w in result.warnings)


def test_outside_the_country():
    assert any("outside Tajikistan" in e for e in check(square(10.0, 50.0)).errors)


def test_swapped_latitude_and_longitude_is_detected():
    swapped = square(40.5, 69.5)  # lat/lon typed the wrong way round
    assert any("swapped" in e for e in check(swapped).errors)


def test_points_are_not_polygons():
    assert "polygon is needed" in check(GEOSGeometry("POINT(69.5 40.5)", srid=4326)).errors[0]
