"""HXL hashtags (hxlstandard.org) for the export columns: the optional second row of a CSV (`?hxl=1`).

One small map by column name, with a few per-list overrides; dates get `#date+<what>`; a column
without a tag gets an empty cell, which HXL allows. The public dashboards' CSVs have their own
map (helper "dashboards"); the two are meant to be merged.
"""

from __future__ import annotations

from minefree.exports.sources import Column

TAGS = {
    "id": "#meta+id",
    "reference": "#meta+ref",
    "name": "#loc+name",
    "classification": "#status+classification+code",
    "classification_label": "#status+classification+name",
    "contamination": "#item+contamination+code",
    "contamination_label": "#item+contamination+name",
    "status": "#status+code",
    "status_label": "#status+name",
    "state": "#status+code",
    "state_label": "#status+name",
    "kind": "#activity+type+code",
    "kind_label": "#activity+type+name",
    "method": "#activity+method+code",
    "method_label": "#activity+method+name",
    "category": "#item+type+code",
    "category_label": "#item+type+name",
    "ordnance_type": "#item+name",
    "quantity": "#item+num",
    "country": "#country+code",
    "region": "#adm1+name",
    "admin_area": "#adm2+code",
    "admin_area_name": "#adm2+name",
    "place": "#loc+name",
    "operator": "#org+operator+acronym",
    "organisation": "#org+acronym",
    "donor": "#org+funder+acronym",
    "recipient": "#org+impl+acronym",
    "team": "#org+team+name",
    "hazard": "#loc+hazard+ref",
    "area_m2": "#indicator+area_m2+num",
    "amount_usd": "#value+usd",
    "year": "#date+year",
    "description": "#description",
    "girls": "#reached+f+children",
    "boys": "#reached+m+children",
    "women": "#reached+f+adults",
    "men": "#reached+m+adults",
    "total": "#reached+total",
    "wkt": "#geo+wkt",
}
# The same name meaning something else in one list.
OVERRIDES = {
    ("teams", "women"): "#capacity+f",
    ("teams", "men"): "#capacity+m",
    ("teams", "name"): "#org+team+name",
    ("assets", "name"): "#item+asset+name",
    ("field-reports", "kind"): "#meta+report+type+code",
    ("field-reports", "kind_label"): "#meta+report+type+name",
}


def tag(source: str, column: Column) -> str:
    if (source, column.name) in OVERRIDES:
        return OVERRIDES[source, column.name]
    if column.name in TAGS:
        return TAGS[column.name]
    if column.kind in ("DATE", "DATETIME"):
        what = column.name.removesuffix("_on").removesuffix("_date").removesuffix("_at")
        return "#date" if what == "date" else f"#date+{what}"
    return ""


def hashtag_row(source: str, columns: tuple[Column, ...], extra: tuple[str, ...] = ()) -> list[str]:
    return [tag(source, c) for c in columns] + [TAGS.get(name, "") for name in extra]
