"""APMBC Article 7 Forms A to J, as in the reporting format the States Parties adopted."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from minefree.hazards.models import Contamination, OrdnanceFind
from minefree.reporting.treaty import figures, pillar_figures
from minefree.reporting.treaty.content import Form, FormSpec, blank_forms
from minefree.reporting.treaty.sources import Sources

AP = Contamination.AP_MINES.value
AP_MINE = (OrdnanceFind.Category.AP_MINE.value,)

# letter, title, Article 7 paragraph
FORMS: list[FormSpec] = [
    ("A", gettext_noop("National implementation measures"), "7.1 (a)"),
    ("B", gettext_noop("Total of stockpiled anti-personnel mines"), "7.1 (b)"),
    (
        "C",
        gettext_noop("Location of mined areas that contain or are suspected to contain anti-personnel mines"),
        "7.1 (c)",
    ),
    ("D", gettext_noop("Anti-personnel mines retained or transferred"), "7.1 (d)"),
    ("E", gettext_noop("Status of programmes for conversion or de-commissioning of production facilities"), "7.1 (e)"),
    ("F", gettext_noop("Status of programmes for the destruction of anti-personnel mines"), "7.1 (f)"),
    ("G", gettext_noop("Anti-personnel mines destroyed after entry into force"), "7.1 (g)"),
    ("H", gettext_noop("Technical characteristics of each type produced, owned or possessed"), "7.1 (h)"),
    ("I", gettext_noop("Measures taken to provide an immediate and effective warning to the population"), "7.1 (i)"),
    ("J", gettext_noop("Other relevant matters"), gettext_noop("voluntary")),
]


def build(src: Sources, country: str, year: int, narratives: dict[str, str]) -> list[Form]:
    end = dt.date(year, 12, 31)
    forms = blank_forms(FORMS, narratives)
    forms["C"].tables = [
        figures.hazard_list(src, country, end, AP, AP_MINE),
        figures.remaining_by_type(src, country, end),
    ]
    forms["F"].tables = [
        figures.programme_status(src, country, year, AP),
        figures.release_by_method(src, country, year, AP),
    ]
    forms["G"].tables = [
        figures.destroyed(
            src,
            country,
            year,
            AP_MINE,
            "ap_mines_destroyed",
            _("Anti-personnel mines found and destroyed in mined areas in %(year)s") % {"year": year},
        ),
        figures.released_by_region(src, country, year),
    ]
    forms["I"].tables = [
        pillar_figures.marking(src, country, year, AP),
        pillar_figures.risk_education(src, country, year),
    ]
    forms["J"].tables = [
        pillar_figures.casualties(src, country, year),
        pillar_figures.victim_assistance_summary(src, country, year),
        pillar_figures.victim_assistance(src, country, year),
        pillar_figures.funding(src, year),
    ]
    return list(forms.values())
