"""HXL hashtags for the dashboard tables: one map from column key to hashtag and attributes.

HXL (Humanitarian Exchange Language, hxlstandard.org) adds a row of hashtags under the header
so humanitarian tools can read a spreadsheet without guessing. Core hashtags and attributes are
used where the standard has them (#adm1, #date, #org, #affected, #reached, #value, +f, +m,
+children, +adults, +killed, +injured, +funder, +usd); mine-action quantities the standard has no
hashtag for are `#indicator` with `+num` and attributes that say what is counted (allowed by the
tagging conventions: any lower-case attribute may refine a hashtag).
"""

from __future__ import annotations

# Casualty and beneficiary groups: girls, boys, women, men as sex + age attributes.
_GROUP = {"girls": "+f+children", "boys": "+m+children", "women": "+f+adults", "men": "+m+adults"}

TAGS: dict[str, str] = {
    "region_code": "#adm1+code",
    "region": "#adm1+name",
    "year": "#date+year",
    "date": "#date",
    "donor_code": "#org+funder+code",
    "donor": "#org+funder+name",
    "operator": "#org+impl+code",
    "method": "#indicator+method",
    "usd": "#value+funding+total+usd",
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


def tag(key: str) -> str:
    """The hashtag of a column; every column a dashboard table has must be in the map."""
    return TAGS[key]
