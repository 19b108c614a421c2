"""Approximate boundaries for the demo: rough outlines, never survey-grade, always labelled so.

Districts are rectangles clipped to the country outline, so every generated polygon inside a
district is inside the country too.
"""

from __future__ import annotations

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon

from minefree.core.geometry import as_multipolygon
from minefree.gazetteer.models import AdminArea, Country

# Tajikistan, traced very roughly (lon, lat), anticlockwise from the west.
TAJIKISTAN_OUTLINE = [
    (67.35, 39.50),
    (67.35, 39.15),
    (67.75, 37.15),
    (68.30, 37.05),
    (68.90, 37.20),
    (69.30, 37.05),
    (69.55, 37.50),
    (70.05, 37.50),
    (70.25, 37.95),
    (70.70, 38.30),
    (71.25, 38.30),
    (71.35, 37.80),
    (71.45, 37.20),
    (71.40, 36.68),
    (72.60, 36.85),
    (73.80, 37.20),
    (74.90, 37.20),
    (75.15, 37.60),
    (74.80, 38.50),
    (73.80, 39.40),
    (72.00, 39.35),
    (70.70, 39.55),
    (70.95, 40.20),
    (70.55, 40.95),
    (69.70, 41.05),
    (69.05, 40.60),
    (68.60, 40.10),
    (67.90, 39.90),
    (67.35, 39.50),
]
# The part of Afghanistan the demo needs: a box south of the Tajik outline.
AFGHANISTAN_BOX = (60.50, 29.35, 74.90, 38.50)

# code: (name, level-1 code or None, (west, south, east, north))
TJK_AREAS: dict[str, tuple[str, str | None, tuple[float, float, float, float]]] = {
    "TJ-KT": ("Khatlon", None, (67.35, 37.00, 70.35, 38.60)),
    "TJ-GB": ("Gorno-Badakhshan (GBAO)", None, (70.35, 36.60, 75.20, 39.45)),
    "TJ-RA": ("Districts of Republican Subordination", None, (68.60, 38.20, 72.40, 39.45)),
    "TJ-SU": ("Sughd", None, (67.35, 39.45, 71.00, 41.10)),
    "TJ-KT-PNJ": ("Panj", "TJ-KT", (68.90, 37.15, 69.30, 37.60)),
    "TJ-KT-JBL": ("Jaloliddini Balkhi", "TJ-KT", (68.40, 37.15, 68.90, 37.60)),
    "TJ-KT-FRK": ("Farkhor", "TJ-KT", (69.30, 37.40, 69.65, 37.80)),
    "TJ-KT-HMD": ("Hamadoni", "TJ-KT", (69.65, 37.50, 69.95, 37.90)),
    "TJ-KT-SSH": ("Shamsiddin Shohin", "TJ-KT", (69.95, 37.60, 70.35, 38.20)),
    "TJ-GB-DRV": ("Darvoz", "TJ-GB", (70.40, 38.20, 71.10, 38.75)),
    "TJ-GB-VNJ": ("Vanj", "TJ-GB", (71.10, 38.25, 71.80, 38.80)),
    "TJ-GB-RSH": ("Rushon", "TJ-GB", (71.25, 37.75, 72.00, 38.25)),
    "TJ-GB-SHG": ("Shughnon", "TJ-GB", (71.35, 37.25, 72.30, 37.75)),
    "TJ-GB-ISH": ("Ishkoshim", "TJ-GB", (71.40, 36.70, 72.60, 37.25)),
    "TJ-RA-RSH": ("Rasht", "TJ-RA", (70.30, 38.90, 70.85, 39.30)),
    "TJ-RA-TJK": ("Tojikobod", "TJ-RA", (70.85, 38.95, 71.30, 39.35)),
    "TJ-RA-LKH": ("Lakhsh", "TJ-RA", (71.30, 39.00, 72.20, 39.35)),
    "TJ-RA-NUR": ("Nurobod", "TJ-RA", (69.80, 38.60, 70.30, 39.05)),
    "TJ-RA-RUD": ("Rudaki", "TJ-RA", (68.60, 38.20, 69.20, 38.60)),
    "TJ-SU-ISF": ("Isfara", "TJ-SU", (70.30, 39.75, 70.90, 40.20)),
    # Northern Sughd has no demo hazards; tests and screenshots draw their own polygons there.
    "TJ-SU-GFR": ("Ghafurov", "TJ-SU", (68.90, 40.20, 70.30, 41.10)),
}
AFG_AREAS: dict[str, tuple[str, str | None, tuple[float, float, float, float]]] = {
    "AF-BDS": ("Badakhshan", None, (69.90, 35.80, 74.90, 38.50)),
    "AF-BDS-DRW": ("Darwaz", "AF-BDS", (70.30, 37.70, 71.30, 38.45)),
    "AF-BDS-SHG": ("Shighnan", "AF-BDS", (71.20, 37.20, 71.70, 37.90)),
}

# The names in Russian and Tajik (Cyrillic), as the centre's staff write them.
NAMES: dict[str, tuple[str, str]] = {
    "TJK": ("Таджикистан", "Тоҷикистон"),
    "AFG": ("Афганистан", "Афғонистон"),
    "TJ-KT": ("Хатлон", "Хатлон"),
    "TJ-GB": ("Горно-Бадахшанская автономная область (ГБАО)", "Вилояти Мухтори Кӯҳистони Бадахшон (ВМКБ)"),
    "TJ-RA": ("Районы республиканского подчинения", "Ноҳияҳои тобеи ҷумҳурӣ"),
    "TJ-SU": ("Согд", "Суғд"),
    "TJ-KT-PNJ": ("Пяндж", "Панҷ"),
    "TJ-KT-JBL": ("Джалолиддина Балхи", "Ҷалолиддини Балхӣ"),
    "TJ-KT-FRK": ("Фархор", "Фархор"),
    "TJ-KT-HMD": ("Хамадони", "Ҳамадонӣ"),
    "TJ-KT-SSH": ("Шамсиддина Шохина", "Шамсиддин Шоҳин"),
    "TJ-GB-DRV": ("Дарваз", "Дарвоз"),
    "TJ-GB-VNJ": ("Ванч", "Ванҷ"),
    "TJ-GB-RSH": ("Рушан", "Рӯшон"),
    "TJ-GB-SHG": ("Шугнан", "Шуғнон"),
    "TJ-GB-ISH": ("Ишкашим", "Ишкошим"),
    "TJ-RA-RSH": ("Рашт", "Рашт"),
    "TJ-RA-TJK": ("Таджикабад", "Тоҷикобод"),
    "TJ-RA-LKH": ("Лахш", "Лахш"),
    "TJ-RA-NUR": ("Нурабад", "Нуробод"),
    "TJ-RA-RUD": ("Рудаки", "Рӯдакӣ"),
    "TJ-SU-ISF": ("Исфара", "Исфара"),
    "TJ-SU-GFR": ("Гафуров", "Ғафуров"),
    "AF-BDS": ("Бадахшан", "Бадахшон"),
    "AF-BDS-DRW": ("Дарваз (Афганистан)", "Дарвоз (Афғонистон)"),
    "AF-BDS-SHG": ("Шугнан (Афганистан)", "Шуғнон (Афғонистон)"),
}


def _names(code: str) -> dict[str, str]:
    ru, tg = NAMES[code]
    return {"ru": ru, "tg": tg}


def _box(west: float, south: float, east: float, north: float) -> Polygon:
    return Polygon.from_bbox((west, south, east, north))


def tajikistan_boundary() -> MultiPolygon:
    return MultiPolygon(Polygon(TAJIKISTAN_OUTLINE), srid=4326)


def afghanistan_boundary() -> MultiPolygon:
    part = _box(*AFGHANISTAN_BOX).difference(tajikistan_boundary())
    return as_multipolygon(GEOSGeometry(part.wkt, srid=4326))


def _areas(country: Country, spec: dict[str, tuple[str, str | None, tuple[float, float, float, float]]]) -> None:
    for code, (name, parent_code, bbox) in spec.items():
        shape = as_multipolygon(GEOSGeometry(_box(*bbox).intersection(country.boundary).wkt, srid=4326))
        AdminArea.objects.create(
            country=country,
            level=2 if parent_code else 1,
            code=code,
            name=name,
            parent=AdminArea.objects.get(code=parent_code) if parent_code else None,
            boundary=shape,
            approximate=True,
            names=_names(code),
        )
    # A region is the union of its districts, so levels 1 and 2 never disagree.
    for region in AdminArea.objects.filter(country=country, level=1):
        children = [child.boundary for child in region.children.all()]
        if children:
            union: GEOSGeometry = children[0]
            for child in children[1:]:
                union = union.union(child)
            region.boundary = as_multipolygon(GEOSGeometry(union.wkt, srid=4326))
            region.save(update_fields=["boundary"])


def create_gazetteer() -> tuple[Country, Country]:
    tjk = Country.objects.create(
        code="TJK",
        name="Tajikistan",
        boundary=tajikistan_boundary(),
        approximate=True,
        time_zone="Asia/Dushanbe",
        names=_names("TJK"),
        working_srids=[32642, 32643],  # UTM 42N and 43N, the zones Tajikistan's maps use
    )
    afg = Country.objects.create(
        code="AFG",
        name="Afghanistan",
        boundary=afghanistan_boundary(),
        approximate=True,
        time_zone="Asia/Kabul",
        names=_names("AFG"),
    )
    _areas(tjk, TJK_AREAS)
    _areas(afg, AFG_AREAS)
    return tjk, afg
