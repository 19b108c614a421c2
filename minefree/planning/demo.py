"""The Tajikistan demo's planning parameters: the March 2019 extension request as the baseline.

Set through the named actions, as TNMAC's information management officer would.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from minefree.planning.actions import save_parameters, save_scenario
from minefree.planning.store import current_set

# Rough altitude of each district's remaining minefields (the Rasht valley floor is lower than its
# mountain minefields; GBAO's Shughnon and Ishkoshim and the Lakhsh passes are the highest).
DISTRICT_BANDS = {
    "TJ-KT-PNJ": "low",
    "TJ-KT-JBL": "low",
    "TJ-KT-FRK": "low",
    "TJ-KT-HMD": "low",
    "TJ-KT-SSH": "low",
    "TJ-RA-RUD": "low",
    "TJ-GB-DRV": "mid",
    "TJ-GB-VNJ": "mid",
    "TJ-GB-RSH": "mid",
    "TJ-RA-RSH": "mid",
    "TJ-RA-TJK": "mid",
    "TJ-RA-NUR": "mid",
    "TJ-SU-ISF": "mid",
    "TJ-GB-SHG": "high",
    "TJ-GB-ISH": "high",
    "TJ-RA-LKH": "high",
    "AF-BDS-DRW": "mid",
    "AF-BDS-SHG": "high",
}
# name: (deminers, machines, dogs, notes)
SCENARIOS = {
    "Today's capacity": (90, 0, 0, "90 deminers, about 3 million USD a year (evaluation 2019, section 3.3)."),
    "Doubled capacity": (180, 0, 0, "The extension request's answer: 180 deminers, about 6 million USD a year."),
    "Doubled, machines and dogs back": (180, 2, 3, "The two machines repaired and three operational dogs in use."),
}


def seed_planning(user: User) -> None:
    params = current_set()
    save_parameters(
        user,
        params,
        fields={
            "name": "Article 5 extension plan 2019-2025",
            "as_of": dt.date(2019, 3, 31),
            "start": dt.date(2019, 4, 1),
            "deadline": dt.date(2025, 12, 31),
            "deminers": 90,
            "notes": "Baseline: the remaining contamination in the March 2019 extension request.",
        },
        district_bands=DISTRICT_BANDS,
    )
    for name, (deminers, machines, dogs, notes) in SCENARIOS.items():
        save_scenario(user, params, name=name, deminers=deminers, machines=machines, dogs=dogs, notes=notes)
