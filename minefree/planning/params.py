"""The planner's inputs as plain values: parameters, capacity and the remaining work.

The engine (`engine.py`) reads only these, never the database, so the arithmetic can be worked
by hand in a test. `store.py` loads them from the NMAC's editable rows; `work.py` measures the
remaining work from the dated hazard states.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Methods the planner knows, and the unit whose day each productivity figure counts.
SURVEY, MANUAL, MECHANICAL, DOGS = "survey", "manual", "mechanical", "dogs"
METHODS = (SURVEY, MANUAL, MECHANICAL, DOGS)
UNITS = {SURVEY: "deminer", MANUAL: "deminer", MECHANICAL: "machine", DOGS: "dog"}


@dataclass(frozen=True)
class Band:
    """An altitude band: its working season starts on the same day each year and lasts `season_days`."""

    code: str
    name: str
    season_month: int
    season_day: int
    season_days: int

    def in_season(self, day: dt.date) -> bool:
        # The season that began this year, or one that began last year and runs over New Year.
        for year in (day.year, day.year - 1):
            start = dt.date(year, self.season_month, self.season_day)
            if start <= day < start + dt.timedelta(days=self.season_days):
                return True
        return False


@dataclass(frozen=True)
class Parameters:
    as_of: dt.date | None  # remaining work is measured on this day (None: today)
    start: dt.date | None  # first working day (None: the day after as_of)
    deadline: dt.date | None
    deminers_per_team: int
    team_year_usd: float
    machine_year_usd: float
    dog_year_usd: float
    overhead_year_usd: float
    # Share of each classification's land released by survey (cancelled or reduced), not cleared.
    survey_share: dict[str, float]
    bands: dict[str, Band]
    # (method, band code) -> m² per unit-day (deminer, machine or dog; see UNITS)
    productivity: dict[tuple[str, str], float]
    district_bands: dict[str, str]  # admin-area code -> band code
    default_band: str
    horizon_years: int = 50


@dataclass(frozen=True)
class Capacity:
    deminers: int
    machines: int = 0
    dogs: int = 0
    teams: int | None = None  # None: as many teams as the deminers need
    name: str = ""


@dataclass(frozen=True)
class WorkRow:
    """Remaining land of one classification in one district, suitable for machines or not."""

    district: str  # admin-area code
    district_name: str
    region: str
    region_name: str
    classification: str  # CHA or SHA
    mechanical_suitable: bool
    areas: int
    m2: float


@dataclass
class DistrictWork:
    """What is left to do in one district, by kind of work, in m²."""

    code: str
    name: str
    region: str
    region_name: str
    band: str
    areas: int = 0
    m2: float = 0.0
    by_class: dict[str, float] = field(default_factory=dict)
    survey: float = 0.0
    mechanical: float = 0.0
    manual: float = 0.0
