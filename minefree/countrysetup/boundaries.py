"""Load a country's level-1 or level-2 areas from a boundaries file: all or nothing, by code, audited.

Loading the same file again updates the areas by their code and creates nothing twice; areas the
file does not name are left as they are (records may point at them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.countrysetup.actor import assert_administrator
from minefree.countrysetup.columns import Columns
from minefree.countrysetup.sources import BoundaryFileError, Feature, Where, describe, features, layer_names
from minefree.gazetteer.models import AdminArea, Country

CODE_LENGTH = AdminArea._meta.get_field("code").max_length or 20
NAME_LENGTH = AdminArea._meta.get_field("name").max_length or 100
MAX_PROBLEMS = 50  # enough to fix a file by; a broken file would otherwise list every feature


@dataclass(frozen=True)
class Area:
    row: int
    code: str
    name: str
    names: dict[str, str]
    parent_code: str
    boundary: MultiPolygon


@dataclass
class LoadResult:
    country: str
    level: int
    layer: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def boundary_fingerprint(geom: GEOSGeometry | None) -> dict[str, Any] | None:
    """What the audit keeps of a boundary: a national outline as WKT would be megabytes per entry."""
    if geom is None:
        return None
    return {
        "sha1": hashlib.sha1(geom.wkb).hexdigest(),  # a fingerprint, not a secret
        "points": geom.num_coords,
        "extent": [round(v, 5) for v in geom.extent],
    }


def area_snapshot(area: AdminArea) -> dict[str, Any]:
    data = audit.snapshot(area)
    data["boundary"] = boundary_fingerprint(area.boundary)
    return data


def _column_problems(where: Where, columns: Columns, present: list[str]) -> list[str]:
    problems = []
    if not columns.code:
        problems.append(_("%(where)s: name the column that holds the codes.") % {"where": where.at()})
    if not columns.name:
        problems.append(_("%(where)s: name the column that holds the names.") % {"where": where.at()})
    for column in columns.used():
        if column not in present:
            problems.append(_("%(where)s: the layer has no such column.") % {"where": where.at(column=column)})
    return problems


def _area(where: Where, feature: Feature, columns: Columns, problems: list[str]) -> Area | None:
    code = feature.values.get(columns.code, "")
    name = feature.values.get(columns.name, "")
    before = len(problems)
    for column, value, limit in ((columns.code, code, CODE_LENGTH), (columns.name, name, NAME_LENGTH)):
        if not value:
            problems.append(_("%(where)s: it is empty.") % {"where": where.at(feature.row, column)})
        elif len(value) > limit:
            problems.append(
                _("%(where)s: %(value)s is longer than %(n)s characters.")
                % {"where": where.at(feature.row, column), "value": value[:40], "n": limit}
            )
    names = {}
    for language, column in columns.names.items():
        value = feature.values.get(column, "")
        if len(value) > NAME_LENGTH:
            problems.append(
                _("%(where)s: longer than %(n)s characters.")
                % {"where": where.at(feature.row, column), "n": NAME_LENGTH}
            )
        elif value:
            names[language] = value
    if len(problems) > before:
        return None
    parent = feature.values.get(columns.parent, "") if columns.parent else ""
    return Area(feature.row, code, name, names, parent, feature.geometry)


def read_areas(path: Path, label: str, layer: str | None, columns: Columns) -> tuple[str, list[Area]]:
    """The file's areas, every problem found (file, layer, feature, column) raised together."""
    layer = layer or layer_names(path, label)[0]
    where = Where(label, layer)
    problems = _column_problems(where, columns, describe(path, label, layer).columns)
    if problems:
        raise BoundaryFileError(problems)
    areas: list[Area] = []
    seen: dict[str, int] = {}
    for feature in features(path, label, layer, problems):
        area = _area(where, feature, columns, problems)
        if area is None:
            continue
        if area.code in seen:
            problems.append(
                _("%(where)s: the code %(code)s is also on feature %(first)s.")
                % {"where": where.at(area.row, columns.code), "code": area.code, "first": seen[area.code]}
            )
            continue
        seen[area.code] = area.row
        areas.append(area)
    if not areas and not problems:
        problems.append(_("%(where)s: it holds no features.") % {"where": where.at()})
    if problems:
        raise BoundaryFileError(problems[:MAX_PROBLEMS] + _more(len(problems)))
    return layer, areas


def _more(count: int) -> list[str]:
    if count <= MAX_PROBLEMS:
        return []
    return [_("... and %(n)s more problems.") % {"n": count - MAX_PROBLEMS}]


def _parent(country: Country, area: Area, where: Where, columns: Columns, regions: dict[str, AdminArea]) -> Any:
    """The level-1 area a district belongs to: the one its parent column names, else the one that
    holds most of it. A string is a problem to report."""
    if columns.parent:
        found = regions.get(area.parent_code)
        if found is None:
            return _("%(where)s: %(code)s is not the code of a level-1 area of %(country)s.") % {
                "where": where.at(area.row, columns.parent),
                "code": area.parent_code or "—",
                "country": country.name,
            }
        return found
    best, overlap = None, 0.0
    for region in AdminArea.objects.filter(country=country, level=1, boundary__intersects=area.boundary):
        shared = region.boundary.intersection(area.boundary).area
        if shared > overlap:
            best, overlap = region, shared
    if best is None:
        return _("%(where)s: no level-1 area of %(country)s holds it; load level 1 first.") % {
            "where": where.at(area.row),
            "country": country.name,
        }
    return best


def load_areas(
    actor: Any,
    country: Country,
    level: int,
    path: Path,
    columns: Columns,
    *,
    layer: str | None = None,
    label: str = "",
) -> LoadResult:
    """Create or update `country`'s areas of `level` from the file's layer; nothing if any feature is bad."""
    assert_administrator(actor)
    if level not in (1, 2):
        raise BoundaryFileError([_("The level must be 1 or 2.")])
    label = label or path.name
    layer, areas = read_areas(path, label, layer, columns)
    where = Where(label, layer)
    with transaction.atomic(), audit.acting_for(f"boundaries {label}"[:40]):
        country = Country.objects.select_for_update().get(pk=country.pk)  # one load per country at a time
        regions = {a.code: a for a in AdminArea.objects.filter(country=country, level=1)}
        existing = {a.code: a for a in AdminArea.objects.select_for_update().filter(code__in=[a.code for a in areas])}
        problems: list[str] = []
        parents: dict[str, AdminArea | None] = {}
        for area in areas:
            other = existing.get(area.code)
            if other is not None and (other.country_id != country.pk or other.level != level):
                problems.append(
                    _("%(where)s: the code %(code)s is already a level-%(level)s area of %(country)s.")
                    % {
                        "where": where.at(area.row, columns.code),
                        "code": area.code,
                        "level": other.level,
                        "country": other.country.name,
                    }
                )
                continue
            if level == 2:
                parent = _parent(country, area, where, columns, regions)
                if isinstance(parent, str):
                    problems.append(parent)
                    continue
                parents[area.code] = parent
        if problems:
            raise BoundaryFileError(problems[:MAX_PROBLEMS] + _more(len(problems)))
        result = LoadResult(country.code, level, layer)
        for area in areas:
            _save(actor, country, level, area, existing.get(area.code), parents.get(area.code), result)
        audit.record(
            actor,
            "load_admin_areas",
            country,
            None,
            {
                "file": label,
                "layer": layer,
                "level": level,
                "columns": columns.__dict__,
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": len(result.unchanged),
            },
        )
    return result


def _save(
    actor: Any,
    country: Country,
    level: int,
    area: Area,
    current: AdminArea | None,
    parent: AdminArea | None,
    result: LoadResult,
) -> None:
    before = area_snapshot(current) if current is not None else None
    row = current or AdminArea(country=country, level=level, code=area.code)
    row.name, row.names, row.parent = area.name, area.names, parent
    row.boundary = area.boundary
    row.approximate = False  # a published boundaries file replaces a rough outline
    after = area_snapshot(row)
    if before is not None and before == after:
        result.unchanged.append(area.code)
        return
    row.save()
    audit.record(actor, "load_admin_area", row, before, area_snapshot(row))
    (result.updated if current is not None else result.created).append(area.code)
