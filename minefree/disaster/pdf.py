"""The overlay as a PDF: the affected area, the counts, a small map and the two tables."""

from __future__ import annotations

import io
import math
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.contrib.gis.geos import Polygon as GeosPolygon
from django.utils import formats
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from minefree.core.geometry import as_multipolygon
from minefree.core.pdf import BOLD, FONT, register_fonts
from minefree.disaster.results import Overlay
from minefree.gazetteer.models import AdminArea
from minefree.hazards.symbology import FILL, RELEASED

MAP_W, MAP_H = 250 * mm, 110 * mm


def _fonts() -> tuple[str, str]:
    # DejaVu covers Cyrillic (Russian and Tajik place names); the same set-up as the treaty PDFs.
    register_fonts()
    return FONT, BOLD


def _distance(row: dict[str, Any]) -> str:
    return _("inside") if row["inside"] else f"{formats.number_format(round(row['distance']), force_grouping=True)} m"


def _m2(row: dict[str, Any]) -> str:
    return formats.number_format(round(row["area_m2"]), force_grouping=True)


def _table(header: list[str], rows: list[list[str]], font: str, bold: str) -> Table:
    table = Table([header, *rows], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 7),
                ("FONT", (0, 0), (-1, 0), bold, 7),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e7ec")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#98a2b3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


class _Frame:
    """Longitude/latitude to drawing points, equal scale at the map's middle latitude."""

    def __init__(self, extent: tuple[float, float, float, float]) -> None:
        xmin, ymin, xmax, ymax = extent
        self.squash = math.cos(math.radians((ymin + ymax) / 2))
        width, height = max((xmax - xmin) * self.squash, 1e-6), max(ymax - ymin, 1e-6)
        self.scale = min(MAP_W / width, MAP_H / height) * 0.95
        self.x0 = xmin - (MAP_W / self.scale - width) / 2 / self.squash
        self.y0 = ymin - (MAP_H / self.scale - height) / 2

    def bounds(self) -> GeosPolygon:
        """The drawing's extent in longitude and latitude, to clip reference outlines to."""
        x1, y1 = self.x0 + MAP_W / self.scale / self.squash, self.y0 + MAP_H / self.scale
        return GeosPolygon.from_bbox((self.x0, self.y0, x1, y1))

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.squash * self.scale, (y - self.y0) * self.scale

    def polygons(self, geom: GEOSGeometry, **style: Any) -> list[Polygon]:
        shapes = []
        for polygon in as_multipolygon(geom):
            ring = [v for x, y in polygon[0].coords for v in self.point(x, y)]
            shapes.append(Polygon(ring, **style))
        return shapes


def _map(result: Overlay) -> Drawing:
    """The affected area, the search zone, released land in green and hazards by classification."""
    drawing = Drawing(MAP_W, MAP_H)
    drawing.add(Rect(0, 0, MAP_W, MAP_H, fillColor=colors.HexColor("#f8fafc"), strokeColor=colors.grey))
    frame = _Frame(result.zone.search.extent)
    blue, grey = colors.HexColor("#1d4ed8"), colors.HexColor("#98a2b3")
    for shape in frame.polygons(result.area.geometry, fillColor=colors.HexColor("#bfdbfe"), strokeColor=blue):
        drawing.add(shape)
    # District outlines and names (public reference data) give the map its bearings.
    extent = frame.bounds()
    extent.srid = 4326
    for district in AdminArea.objects.filter(level=2, boundary__intersects=extent):
        clipped = district.boundary.intersection(extent)
        for shape in frame.polygons(clipped, fillColor=None, strokeColor=grey, strokeWidth=0.5):
            drawing.add(shape)
        x, y = frame.point(*clipped.point_on_surface.coords)
        drawing.add(String(x, y, district.name, fontName=_fonts()[0], fontSize=6, fillColor=grey, textAnchor="middle"))
    for shape in frame.polygons(result.zone.search, fillColor=None, strokeColor=blue, strokeDashArray=[3, 2]):
        drawing.add(shape)
    for row in result.released:
        geom = GEOSGeometry(memoryview(row["shape"]))
        for shape in frame.polygons(geom, fillColor=colors.HexColor(RELEASED), strokeColor=None):
            drawing.add(shape)
    for row in result.hazards:
        geom = GEOSGeometry(memoryview(row["shape"]))
        colour = colors.HexColor(FILL.get(row["classification"], "#999999"))
        # Hazards are too small to see at the scale of a flood: a dot marks each one.
        x, y = frame.point(geom.centroid.x, geom.centroid.y)
        drawing.add(Circle(x, y, 2.2, fillColor=colour, strokeColor=colors.black, strokeWidth=0.3))
    return drawing


def overlay_pdf(result: Overlay) -> bytes:
    font, bold = _fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if style.name.startswith(("Heading", "Title")) else font
    area = result.area
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=str(area), leftMargin=15 * mm, rightMargin=15 * mm, topMargin=12 * mm
    )
    facts = [
        _("Kind: %(kind)s. Date of the event: %(day)s.") % {"kind": area.get_kind_display(), "day": area.event_date},
        _("Affected area: %(km2)s km²; hazards listed inside it and within %(m)s m of it.")
        % {"km2": formats.number_format(area.area_m2 / 1e6, 2), "m": area.distance_m},
        _("Distances are the shortest distance between outlines, in metres, in the UTM zone EPSG:%(srid)s.")
        % {"srid": result.zone.local.srid},
        _("Data as of %(time)s.") % {"time": formats.date_format(result.as_of, "DATETIME_FORMAT")},
        _("Hazardous areas: %(n)s (%(inside)s inside). Released land that may need re-survey: %(r)s.")
        % {"n": result.hazard_count, "inside": result.hazards_inside, "r": result.released_count},
    ]
    story: list[Any] = [Paragraph(escape(_("Disaster overlay: %(name)s") % {"name": area.name}), styles["Title"])]
    if not result.complete:
        facts.append(
            _("The tables show the nearest %(n)s of each; the GeoPackage export holds them all.")
            % {"n": max(len(result.hazards), len(result.released))}
        )
    story += [Paragraph(escape(line), styles["Normal"]) for line in facts]
    story += [Spacer(1, 4 * mm), _map(result), Spacer(1, 4 * mm)]
    story.append(Paragraph(_("Hazardous areas"), styles["Heading2"]))
    header = [_("Reference"), _("Name"), _("District"), _("Class."), _("Contamination"), _("Status")]
    header += [_("Area (m²)"), _("Inside / distance")]
    rows = [
        [
            r["reference"],
            r["name"],
            r["district"],
            r["classification"],
            r["contamination_label"],
            r["status_label"],
            _m2(r),
            _distance(r),
        ]
        for r in result.hazards
    ]
    story.append(_table(header, rows, font, bold) if rows else Paragraph(_("None."), styles["Normal"]))
    story.append(Paragraph(_("Released land that may need re-survey"), styles["Heading2"]))
    header = [_("Reference"), _("Hazardous area"), _("Its status"), _("District"), _("Released by"), _("Method")]
    header += [_("End date"), _("Area (m²)"), _("Inside / distance")]
    rows = [
        [
            r["reference"],
            r["hazard_reference"],
            r["hazard_status_label"],
            r["district"],
            r["kind_label"],
            r["method_label"],
            str(r["end_date"]),
            _m2(r),
            _distance(r),
        ]
        for r in result.released
    ]
    story.append(_table(header, rows, font, bold) if rows else Paragraph(_("None."), styles["Normal"]))
    document.build(story)
    return buffer.getvalue()
