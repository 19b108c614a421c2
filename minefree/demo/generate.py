"""The Tajikistan demo: a deterministic land-release history from 2003 to 2026.

Built only through the named actions, like real data. The 249 hazardous areas open on
2019-03-31 are drawn with whole-square-metre target areas that add up to the published figures;
earlier and later survey and clearance change them the way the field would.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry, Point
from django.db import transaction

from minefree.core.geometry import as_multipolygon
from minefree.dashboards.actions import save_publication
from minefree.demo import personas
from minefree.demo.geography import create_gazetteer
from minefree.demo.pillars import build_accidents, build_eore, build_funding, build_residual, build_victims
from minefree.demo.quality import build_quality
from minefree.demo.reports import build_reports
from minefree.demo.samples import build_samples
from minefree.demo.shapes import Site, convex_site, grown_box, half, outward_strip, split_total
from minefree.fieldcollection.xforms import install_bundled_forms
from minefree.gazetteer.models import AdminArea, Country
from minefree.hazards import actions
from minefree.hazards.models import HazardArea, Method, OrdnanceFind, ReleaseKind, Status
from minefree.organisations.models import Organisation, Team
from minefree.planning.demo import seed_planning

SEED = 20190331
EXTENSION_REQUEST_DAY = dt.date(2019, 3, 31)
CHA_COUNT, CHA_M2 = 154, 7_907_210
SHA_COUNT, SHA_M2 = 95, 4_191_000
MECHANICAL_COUNT, MECHANICAL_M2 = 26, 1_398_813
RELEASED_BEFORE_2019_M2 = 24_400_000  # "over 24 million m² released since operations began"
LAST_DAY = dt.date(2026, 6, 30)

# district, operator, CHAs, SHAs, contamination on 2019-03-31
PLAN = [
    ("TJ-KT-PNJ", "HDC", 14, 6, "ap_mines"),
    ("TJ-KT-JBL", "FSD", 10, 4, "at_mines"),
    ("TJ-KT-FRK", "HDC", 10, 5, "ap_mines"),
    ("TJ-KT-HMD", "FSD", 8, 4, "ap_mines"),
    ("TJ-KT-SSH", "NPA", 10, 6, "ap_mines"),
    ("TJ-GB-DRV", "NPA", 18, 10, "ap_mines"),
    ("TJ-GB-VNJ", "NPA", 12, 8, "ap_mines"),
    ("TJ-GB-RSH", "HDC", 10, 6, "ap_mines"),
    ("TJ-GB-SHG", "FSD", 8, 6, "ap_mines"),
    ("TJ-GB-ISH", "FSD", 6, 4, "ap_mines"),
    ("TJ-RA-RSH", "NPA", 14, 10, "ap_mines"),
    ("TJ-RA-TJK", "NPA", 12, 9, "other_erw"),
    ("TJ-RA-LKH", "NPA", 8, 6, "ap_mines"),
    ("TJ-RA-NUR", "FSD", 6, 5, "cluster"),
    ("TJ-RA-RUD", "HDC", 4, 2, "firing_range"),
    ("TJ-SU-ISF", "UST", 4, 4, "ap_mines"),
]
MECHANICAL_DISTRICTS = ("TJ-KT-PNJ", "TJ-KT-FRK", "TJ-KT-HMD", "TJ-KT-SSH")
ORDNANCE = {
    "ap_mines": [("ap_mine", "PMN-2"), ("ap_mine", "POMZ-2M"), ("ap_mine", "PMD-6"), ("ap_mine", "OZM-72")],
    "at_mines": [("at_mine", "TM-62M"), ("at_mine", "TM-57"), ("ap_mine", "PMN-2")],
    "cluster": [("submunition", "AO-2.5RT"), ("submunition", "PTAB-2.5")],
    "other_erw": [("uxo", "VOG-17"), ("uxo", "82 mm mortar"), ("axo", "RGD-5")],
    "firing_range": [("uxo", "120 mm mortar"), ("uxo", "OF-462"), ("uxo", "VOG-25")],
}


@dataclass(eq=False)
class Planned:
    district: AdminArea
    operator: Organisation
    classification: str
    contamination: str
    area: int
    mechanical: bool = False


class DemoBuilder:
    def __init__(self, user: User, orgs: dict[str, Organisation]) -> None:
        self.rng = random.Random(SEED)
        self.user = user
        self.orgs = orgs
        self.taken: list[Point] = []
        self.teams: dict[tuple[int, str], list[Team]] = {}
        for team in Team.objects.all():
            self.teams.setdefault((team.organisation_id, team.capability), []).append(team)

    # --- helpers -----------------------------------------------------------------------
    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def spot(self, district: AdminArea) -> Point:
        """A free point well inside the district, away from every other site."""
        inner = district.boundary.buffer(-0.03)
        west, south, east, north = inner.extent
        for _ in range(5000):
            p = Point(self.rng.uniform(west, east), self.rng.uniform(south, north), srid=4326)
            if abs(p.x - 72.0) < 0.03 or not inner.contains(p):
                continue  # keep away from the UTM zone edge so the zone of drawing and measuring agree
            if all(p.distance(q) > 0.012 for q in self.taken):
                self.taken.append(p)
                return p
        raise RuntimeError(f"no room left in {district.code}")

    def site_in(self, district: AdminArea, area: float) -> Site:
        centre = self.spot(district)
        return convex_site(centre.x, centre.y, area, self.rng)

    def team(self, org: Organisation, capability: str) -> Team | None:
        for cap in (capability, "multi", "manual"):
            options = self.teams.get((org.pk, cap))
            if options:
                return self.rng.choice(options)
        return None

    def wgs84(self, site: Site, ring: list[tuple[float, float]]) -> GEOSGeometry:
        return as_multipolygon(site.to_wgs84(ring))

    # --- one hazardous area ------------------------------------------------------------
    def release(
        self,
        hazard: HazardArea,
        site: Site,
        ring: list[tuple[float, float]],
        kind: str,
        start: dt.date,
        end: dt.date,
        contamination: str,
    ) -> None:
        if kind == ReleaseKind.CANCEL:
            method, capability, depth = Method.SURVEY, "nts", None
        else:
            method = self.rng.choice(
                [Method.MANUAL, Method.MANUAL, Method.MECHANICAL, Method.DOGS]
                if hazard.admin_area.code in MECHANICAL_DISTRICTS
                else [Method.MANUAL, Method.MANUAL, Method.DOGS]
            )
            capability = {"manual": "manual", "mechanical": "mechanical", "dogs": "dogs"}[method]
            depth = self.rng.choice([13, 15, 20, 25])
        operator = hazard.operator or self.orgs["TNMAC"]
        activity = actions.release_land(
            self.user,
            hazard,
            kind=kind,
            method=method,
            geometry=self.wgs84(site, ring),
            start_date=start,
            end_date=end,
            organisation=operator,
            team=self.team(operator, capability),
            depth_cm=depth,
        )
        hazard.refresh_from_db()
        if kind == ReleaseKind.CANCEL or self.rng.random() > 0.6:
            return
        for _ in range(self.rng.randint(1, 3)):
            category, kind_name = self.rng.choice(ORDNANCE[contamination])
            found = self.day_between(start, end)
            actions.record_ordnance(
                self.user,
                hazard,
                organisation=operator,
                activity=activity,
                category=category,
                ordnance_type=kind_name,
                quantity=self.rng.randint(1, 6),
                found_on=found,
                disposal=OrdnanceFind.Disposal.IN_SITU,
                disposed_on=found,
            )

    def complete(self, hazard: HazardArea, closed_on: dt.date) -> None:
        handed = min(closed_on + dt.timedelta(days=self.rng.randint(20, 90)), LAST_DAY)
        actions.complete_hazard_area(
            self.user,
            hazard,
            organisation=hazard.operator or self.orgs["TNMAC"],
            completed_on=closed_on,
            certificate_number=f"HC-{hazard.reference}",
            handed_over_on=handed,
            handed_over_to=f"Jamoat council, {hazard.admin_area.name}",
            residual_risk_owner=f"Hukumat of {hazard.admin_area.name} district",
        )

    def clear_fully(self, hazard: HazardArea, site: Site, after: dt.date, until: dt.date, contamination: str) -> None:
        """Release what is left, in one or two activities, and often complete and hand over."""
        end = self.day_between(after + dt.timedelta(days=40), until)
        if self.rng.random() < 0.5:
            first_end = self.day_between(after + dt.timedelta(days=20), end - dt.timedelta(days=10))
            if first_end > after:
                self.release(
                    hazard,
                    site,
                    half(site, self.rng),
                    ReleaseKind.CLEAR,
                    first_end - dt.timedelta(days=30),
                    first_end,
                    contamination,
                )
                after = first_end
        kind = ReleaseKind.CANCEL if hazard.classification == "SHA" and self.rng.random() < 0.5 else ReleaseKind.CLEAR
        self.release(hazard, site, grown_box(site), kind, max(after, end - dt.timedelta(days=45)), end, contamination)
        if self.rng.random() < 0.7:
            self.complete(hazard, end)

    def open_in_2019(self, plan: Planned, number: int) -> None:
        """A hazard still open on 2019-03-31 with exactly its planned area on that day."""
        site = self.site_in(plan.district, plan.area)
        recorded = self.day_between(dt.date(2003, 1, 1), dt.date(2017, 12, 31))
        starts_as_sha = plan.classification == "CHA" and self.rng.random() < 0.3
        has_strip = self.rng.random() < 0.6
        grown, strip = outward_strip(site, self.rng.uniform(15, 60), self.rng) if has_strip else (site.ring, [])
        hazard = actions.create_hazard_area(
            self.user,
            name=f"{plan.district.name} {number:03d}",
            admin_area=plan.district,
            operator=plan.operator,
            classification="SHA" if starts_as_sha else plan.classification,
            contamination=plan.contamination,
            geometry=self.wgs84(site, grown),
            recorded_on=recorded,
            mechanical_suitable=plan.mechanical,
        )
        last = recorded
        if has_strip:
            last = self.day_between(recorded + dt.timedelta(days=30), dt.date(2018, 10, 31))
            kind = ReleaseKind.CANCEL if hazard.classification == "SHA" else ReleaseKind.REDUCE
            self.release(hazard, site, strip, kind, last - dt.timedelta(days=20), last, plan.contamination)
        if starts_as_sha:
            last = self.day_between(last + dt.timedelta(days=1), dt.date(2019, 2, 28))
            actions.update_hazard_area(
                self.user,
                hazard,
                expected_version=hazard.version,
                effective_date=last,
                changes={"classification": "CHA"},
            )
            hazard.refresh_from_db()
        if plan.district.code == "TJ-SU-ISF":
            # The Tajik-Uzbek border: marked but not accessible.
            last = self.day_between(last + dt.timedelta(days=1), dt.date(2019, 3, 15))
            actions.update_hazard_area(
                self.user,
                hazard,
                expected_version=hazard.version,
                effective_date=last,
                changes={"status": Status.SUSPENDED},
            )
            hazard.refresh_from_db()
            return
        fate = self.rng.random()
        after = dt.date(2019, 4, 15)
        if fate < 0.45:
            self.clear_fully(hazard, site, after, LAST_DAY - dt.timedelta(days=100), plan.contamination)
        elif fate < 0.75:
            end = self.day_between(after + dt.timedelta(days=30), LAST_DAY)
            self.release(
                hazard,
                site,
                half(site, self.rng),
                ReleaseKind.CLEAR,
                end - dt.timedelta(days=40),
                end,
                plan.contamination,
            )

    def closed_before_2019(self, district: AdminArea, operator: Organisation, area: int, contamination: str) -> None:
        site = self.site_in(district, area)
        recorded = self.day_between(dt.date(2003, 1, 1), dt.date(2013, 12, 31))
        hazard = actions.create_hazard_area(
            self.user,
            name=f"{district.name} legacy {len(self.taken):03d}",
            admin_area=district,
            operator=operator,
            classification=self.rng.choice(["CHA", "CHA", "SHA"]),
            contamination=contamination,
            geometry=self.wgs84(site, site.ring),
            recorded_on=recorded,
        )
        self.clear_fully(hazard, site, recorded, dt.date(2018, 12, 31), contamination)

    def new_after_2019(self, district: AdminArea, operator: Organisation, contamination: str, number: int) -> None:
        """Found after the extension request: floods and mudslides move mines."""
        site = self.site_in(district, self.rng.randint(8_000, 60_000))
        recorded = self.day_between(dt.date(2019, 6, 1), dt.date(2025, 9, 30))
        hazard = actions.create_hazard_area(
            self.user,
            name=f"{district.name} new {number:03d}",
            admin_area=district,
            operator=operator,
            classification="SHA",
            contamination=contamination,
            geometry=self.wgs84(site, site.ring),
            recorded_on=recorded,
            description="Reported after a mudslide moved mines downhill.",
        )
        if self.rng.random() < 0.4:
            self.clear_fully(hazard, site, recorded, LAST_DAY, contamination)

    # --- the whole programme -----------------------------------------------------------
    def build(self) -> None:
        districts = {a.code: a for a in AdminArea.objects.filter(level=2)}
        cha_plans: list[Planned] = []
        sha_plans: list[Planned] = []
        for code, operator, chas, shas, contamination in PLAN:
            for _ in range(chas):
                cha_plans.append(Planned(districts[code], self.orgs[operator], "CHA", contamination, 0))
            for _ in range(shas):
                sha_plans.append(Planned(districts[code], self.orgs[operator], "SHA", contamination, 0))
        assert len(cha_plans) == CHA_COUNT and len(sha_plans) == SHA_COUNT
        mechanical = [p for p in cha_plans if p.district.code in MECHANICAL_DISTRICTS][:MECHANICAL_COUNT]
        others = [p for p in cha_plans if p not in mechanical]
        for plan, area in zip(mechanical, split_total(MECHANICAL_M2, len(mechanical), self.rng), strict=True):
            plan.area, plan.mechanical = area, True
        for plan, area in zip(others, split_total(CHA_M2 - MECHANICAL_M2, len(others), self.rng), strict=True):
            plan.area = area
        for plan, area in zip(sha_plans, split_total(SHA_M2, len(sha_plans), self.rng), strict=True):
            plan.area = area
        for number, plan in enumerate(cha_plans + sha_plans, start=1):
            self.open_in_2019(plan, number)

        strips = sum(a for a in _released_before(EXTENSION_REQUEST_DAY))
        legacy = [(code, op, cont) for code, op, _c, _s, cont in PLAN if not code.startswith("TJ-SU")]
        shares = split_total(int(RELEASED_BEFORE_2019_M2 - strips), 150, self.rng)
        for index, area in enumerate(shares):
            code, operator, contamination = legacy[index % len(legacy)]
            self.closed_before_2019(districts[code], self.orgs[operator], area, contamination)
        for number in range(1, 26):
            code, operator, _c, _s, contamination = PLAN[number % len(PLAN)]
            self.new_after_2019(districts[code], self.orgs[operator], contamination, number)
        for number, code in enumerate(["AF-BDS-DRW"] * 4 + ["AF-BDS-SHG"] * 2, start=1):
            self.new_after_2019(districts[code], self.orgs["FSD"], "ap_mines", 100 + number)


def _released_before(day: dt.date) -> list[float]:
    from minefree.hazards.models import LandReleaseActivity

    return list(LandReleaseActivity.objects.filter(end_date__lte=day).values_list("area_m2", flat=True))


def demo_exists() -> bool:
    return Country.objects.exists()


@transaction.atomic
def build_demo(password: str) -> None:
    tjk, _afg = create_gazetteer()
    orgs = personas.create_organisations(tjk)
    personas.create_personas(orgs, password)
    install_bundled_forms()
    builder = DemoBuilder(User.objects.get(username="tnmac.im"), orgs)
    personas.create_assets(builder.user, orgs)
    builder.build()
    build_reports(builder)
    build_accidents(builder.user, builder.rng)
    build_funding(builder.user, builder.rng)
    build_eore(builder.user, builder.rng)
    build_victims(builder.user, builder.rng)
    build_residual(builder.user, builder.rng)
    build_quality(builder.rng)
    build_samples()  # one row of any record type built nothing of above
    seed_planning(builder.user)
    # The treaty dates of the March 2019 extension request, for the public progress chart.
    save_publication(
        builder.user, deadline=dt.date(2025, 12, 31), baseline=EXTENSION_REQUEST_DAY, publish_outlines=False
    )
