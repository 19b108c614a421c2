"""CCM Article 7 Forms A to J (reporting formats CCM/MSP/2010): cluster munition remnants only."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from minefree.hazards.models import Contamination, OrdnanceFind
from minefree.reporting.treaty import figures, pillar_figures
from minefree.reporting.treaty.content import Form, FormSpec, blank_forms
from minefree.reporting.treaty.sources import Sources

CLUSTER = Contamination.CLUSTER.value
SUBMUNITION = (OrdnanceFind.Category.SUBMUNITION.value,)

FORMS: list[FormSpec] = [
    ("A", gettext_noop("National implementation measures"), "7.1 (a)"),
    ("B", gettext_noop("Stockpiles and destruction"), "7.1 (b), (e), (f), (g)"),
    ("C", gettext_noop("Technical characteristics of each type produced, owned or possessed"), "7.1 (c)"),
    ("D", gettext_noop("Cluster munitions retained and transferred"), "7.1 (g)"),
    ("E", gettext_noop("Status of conversion programmes"), "7.1 (d)"),
    ("F", gettext_noop("Contaminated areas and clearance"), "7.1 (h), (i)"),
    ("G", gettext_noop("Warning to the population and risk education"), "7.1 (j)"),
    ("H", gettext_noop("Victim assistance"), "7.1 (k)"),
    ("I", gettext_noop("National resources and international cooperation and assistance"), "7.1 (l), (m)"),
    ("J", gettext_noop("Other relevant matters"), gettext_noop("voluntary")),
]


def build(src: Sources, country: str, year: int, narratives: dict[str, str]) -> list[Form]:
    end = dt.date(year, 12, 31)
    forms = blank_forms(FORMS, narratives)
    forms["F"].tables = [
        figures.hazard_list(src, country, end, CLUSTER, SUBMUNITION),
        figures.programme_status(src, country, year, CLUSTER),
        figures.released_by_region(src, country, year, CLUSTER),
        figures.destroyed(
            src,
            country,
            year,
            SUBMUNITION,
            "submunitions_destroyed",
            _("Explosive submunitions found and destroyed in %(year)s") % {"year": year},
        ),
    ]
    forms["G"].tables = [
        pillar_figures.risk_education(src, country, year),
        pillar_figures.marking(src, country, year, CLUSTER),
    ]
    forms["H"].tables = [
        pillar_figures.casualties(src, country, year, CLUSTER),
        pillar_figures.victim_assistance_summary(src, country, year),
        pillar_figures.victim_assistance(src, country, year),
    ]
    forms["I"].tables = [pillar_figures.funding(src, year)]
    return list(forms.values())
