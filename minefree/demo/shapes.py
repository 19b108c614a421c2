"""Plausible field polygons with exact areas, built in local UTM metres and stored in WGS 84."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.geos import MultiPoint, Point, Polygon

from minefree.core.geometry import utm_srid

Coords = list[tuple[float, float]]


def split_total(total: int, count: int, rng: random.Random, spread: float = 0.6) -> list[int]:
    """`count` positive whole numbers that add up to `total` exactly."""
    weights = [1 + rng.uniform(-spread, spread) for _ in range(count)]
    scale = total / sum(weights)
    parts = [int(w * scale) for w in weights]
    for i in range(total - sum(parts)):
        parts[i % count] += 1
    return parts


def shoelace(coords: Coords) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(coords, coords[1:] + coords[:1], strict=True))) / 2


@dataclass
class Site:
    """A hazard's polygon in metres around an origin, and the UTM zone it is drawn in."""

    srid: int
    ring: Coords  # convex, anticlockwise, not closed

    def to_wgs84(self, ring: Coords | None = None) -> Polygon:
        points = list(ring or self.ring)
        polygon = Polygon([*points, points[0]], srid=self.srid)
        polygon.transform(4326)
        return polygon


def convex_site(centre_lon: float, centre_lat: float, area: float, rng: random.Random) -> Site:
    """A convex polygon of exactly `area` m² (in its UTM zone) centred near the given point."""
    srid = utm_srid(Point(centre_lon, centre_lat, srid=4326))
    origin = Point(centre_lon, centre_lat, srid=4326)
    origin.transform(srid)
    count = rng.randint(7, 12)
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(count))
    stretch = rng.uniform(0.6, 1.6)
    raw = [(math.cos(a) * stretch * rng.uniform(0.85, 1.15), math.sin(a) * rng.uniform(0.85, 1.15)) for a in angles]
    hull: Any = MultiPoint([Point(x, y) for x, y in raw]).convex_hull
    outline = hull.coords
    ring = [(c[0], c[1]) for c in outline[0][:-1]]
    if sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) < 0:
        ring.reverse()  # anticlockwise, so outward normals point outwards
    factor = math.sqrt(area / shoelace(ring))
    scaled = [(origin.x + x * factor, origin.y + y * factor) for x, y in ring]
    return Site(srid=srid, ring=scaled)


def outward_strip(site: Site, depth: float, rng: random.Random) -> tuple[Coords, Coords]:
    """A strip `depth` metres deep along one edge: (the site ring grown by it, the strip ring)."""
    ring = site.ring
    i = rng.randrange(len(ring))
    (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % len(ring)]
    length = math.hypot(x2 - x1, y2 - y1)
    # Anticlockwise ring: the outward normal of edge (dx, dy) is (dy, -dx).
    nx, ny = (y2 - y1) / length * depth, -(x2 - x1) / length * depth
    a, b = (x1 + nx, y1 + ny), (x2 + nx, y2 + ny)
    grown = [*ring[: i + 1], a, b, *ring[i + 1 :]]
    strip = [ring[i], a, b, ring[(i + 1) % len(ring)]]
    return grown, strip


def half(site: Site, rng: random.Random) -> Coords:
    """A rectangle covering roughly one side of the site (clipped to it by release_land)."""
    xs, ys = [p[0] for p in site.ring], [p[1] for p in site.ring]
    cut = rng.uniform(0.35, 0.65)
    split_x = min(xs) + (max(xs) - min(xs)) * cut
    pad = 10.0
    return [
        (min(xs) - pad, min(ys) - pad),
        (split_x, min(ys) - pad),
        (split_x, max(ys) + pad),
        (min(xs) - pad, max(ys) + pad),
    ]


def grown_box(site: Site, pad: float = 10.0) -> Coords:
    """A rectangle covering the whole site: clears whatever remains of it."""
    xs, ys = [p[0] for p in site.ring], [p[1] for p in site.ring]
    return [
        (min(xs) - pad, min(ys) - pad),
        (max(xs) + pad, min(ys) - pad),
        (max(xs) + pad, max(ys) + pad),
        (min(xs) - pad, max(ys) + pad),
    ]
