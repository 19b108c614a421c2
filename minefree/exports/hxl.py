"""HXL hashtags (hxlstandard.org): the one map for the export CSVs (`?hxl=1`) and the dashboards' CSVs.

HXL adds a row of hashtags under the header so humanitarian tools can read a spreadsheet without
guessing. Core hashtags and attributes are used where the standard has them (#adm1, #date, #org,
#affected, #reached, #value, +f, +m, +children, +adults, +killed, +injured, +funder, +usd);
mine-action quantities the standard has no hashtag for are `#indicator` with `+num` and attributes
that say what is counted (the tagging conventions let any lower-case attribute refine a hashtag).

`TAGS` is one vocabulary by column name. Where a name means something else to one caller (a
dashboard's "operator" column is a code, an export's an acronym) that caller's override wins, so
every file keeps the tags it has always had.
"""

from __future__ import annotations

from minefree.exports.sources import Column

# Casualty and beneficiary groups: girls, boys, women, men as sex + age attributes.
_GROUP = {"girls": "+f+children", "boys": "+m+children", "women": "+f+adults", "men": "+m+adults"}

TAGS: dict[str, str] = {
    # Records (export columns)
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
    "description": "#description",
    "total": "#reached+total",
    "wkt": "#geo+wkt",
    # Places, dates and organisations in aggregates (dashboard columns)
    "region_code": "#adm1+code",
    "region": "#adm1+name",
    "year": "#date+year",
    "date": "#date",
    "donor_code": "#org+funder+code",
    "usd": "#value+funding+total+usd",
    # Counts and shares
    "sessions": "#indicator+sessions+num",
    "reached": "#reached",
    "female": "#reached+f",
    "male": "#reached+m",
    "female_pct": "#reached+f+pct",
    "cancel": "#indicator+released+cancelled+m2+num",
    "reduce": "#indicator+released+reduced+m2+num",
    "clear": "#indicator+released+cleared+m2+num",
    "released": "#indicator+released+total+m2+num",
    "areas": "#indicator+hazards+remaining+num",
    "m2": "#indicator+hazards+remaining+m2+num",
    "cha_areas": "#indicator+hazards+remaining+cha+num",
    "cha_m2": "#indicator+hazards+remaining+cha+m2+num",
    "sha_areas": "#indicator+hazards+remaining+sha+num",
    "sha_m2": "#indicator+hazards+remaining+sha+m2+num",
    "target_m2": "#indicator+hazards+remaining+m2+target+num",
    "activities": "#indicator+activities+num",
    "deminer_days": "#indicator+deminer_days+num",
    "productivity": "#indicator+m2_per_deminer_day+num",
    "teams": "#indicator+teams+num",
    "staff_women": "#indicator+staff+f+num",
    "staff_men": "#indicator+staff+m+num",
    "staff_women_pct": "#indicator+staff+f+pct",
    "visits": "#indicator+monitoring_visits+num",
    "minor": "#indicator+non_conformities+minor+num",
    "major": "#indicator+non_conformities+major+num",
    "critical": "#indicator+non_conformities+critical+num",
    "open": "#indicator+non_conformities+open+num",
    "inspections": "#indicator+inspections+num",
    "failed": "#indicator+inspections+failed+num",
    "killed": "#affected+killed",
    "injured": "#affected+injured",
    **{f"{group}_killed": f"#affected+killed{attrs}" for group, attrs in _GROUP.items()},
    **{f"{group}_injured": f"#affected+injured{attrs}" for group, attrs in _GROUP.items()},
    **{group: f"#reached{attrs}" for group, attrs in _GROUP.items()},
}

# The dashboards' aggregate columns that share a name with a record's column.
DASHBOARD = {
    "operator": "#org+impl+code",
    "method": "#indicator+method",
    "donor": "#org+funder+name",
}
# The same name meaning something else in one export list.
OVERRIDES = {
    ("teams", "women"): "#capacity+f",
    ("teams", "men"): "#capacity+m",
    ("teams", "name"): "#org+team+name",
    ("assets", "name"): "#item+asset+name",
    ("field-reports", "kind"): "#meta+report+type+code",
    ("field-reports", "kind_label"): "#meta+report+type+name",
    ("accreditations", "activities"): "",  # the accredited activity types as text, not a count
}


def dashboard_tag(key: str) -> str:
    """The hashtag of a dashboard column; every column a dashboard table has must be in the map."""
    return DASHBOARD.get(key) or TAGS[key]


def tag(source: str, column: Column) -> str:
    """The hashtag of an export list's column; a column without one gets an empty cell, which HXL allows."""
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
