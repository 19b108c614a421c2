"""The pillar tables of a treaty report: marking, risk education, casualties, victim assistance, funding.

Each is one or two grouped SQL queries over restricted querysets; "in the year" is 1 January to
31 December inclusive.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from minefree.casualties.models import Referral
from minefree.education.models import EoreSession
from minefree.funding.models import Pillar
from minefree.quality.models import Marking
from minefree.reporting.treaty.content import Column, Table, total_of
from minefree.reporting.treaty.figures import country_pk, labels_of, remaining_states, year_span
from minefree.reporting.treaty.sources import Sources

GROUPS = ("girl", "boy", "woman", "man")


def marking(src: Sources, country: str, year: int, contamination: str | None = None) -> Table:
    """Marking placed and checked in the year, and how many remaining areas stand marked at year end."""
    start, end = year_span(year)
    placed_qs = src.markings.filter(hazard__country_id=country_pk(country), marked_on__range=(start, end))
    checks_qs = src.checks.filter(marking__hazard__country_id=country_pk(country), checked_on__range=(start, end))
    remaining = remaining_states(src, country, end)
    if contamination:
        placed_qs = placed_qs.filter(hazard__contamination=contamination)
        checks_qs = checks_qs.filter(marking__hazard__contamination=contamination)
        remaining = remaining.filter(contamination=contamination)
    out: list[list[Any]] = [
        [f"placed_{method}", n, int(signs or 0)]
        for method, n, signs in placed_qs.values_list("method")
        .annotate(n=Count("id"), s=Sum("signs"))
        .order_by("method")
    ]
    checks = checks_qs.aggregate(n=Count("id"), intact=Count("id", filter=Q(intact=True)))
    if checks["n"]:
        out += [["checks", checks["n"], None], ["checks_intact", checks["intact"], None]]
    marked = src.markings.filter(marked_on__lte=end, hazard_id__in=remaining.values("hazard_id"))
    areas = remaining.count()
    if areas:
        out += [["remaining", areas, None], ["remaining_marked", marked.values("hazard_id").distinct().count(), None]]
    labels = {f"placed_{code}": _("Marking placed: %(m)s") % {"m": label} for code, label in Marking.Method.choices}
    labels |= {
        "checks": _("Marking checks made"),
        "checks_intact": _("of which found intact"),
        "remaining": _("Areas remaining on 31 December"),
        "remaining_marked": _("of which marked"),
    }
    return Table(
        f"marking_{contamination or 'all'}",
        _("Marking of hazardous areas in %(year)s") % {"year": year},
        [
            Column("line", _("Figure"), labels=labels),
            Column("count", _("Number"), "int"),
            Column("signs", _("Signs"), "int"),
        ],
        out,
    )


def risk_education(src: Sources, country: str, year: int) -> Table:
    start, end = year_span(year)
    rows = (
        src.sessions.filter(admin_area__country__code=country, date__range=(start, end))
        .values_list("audience")
        .annotate(n=Count("id"), g=Sum("girls"), b=Sum("boys"), w=Sum("women"), m=Sum("men"), t=Sum("total"))
        .order_by("audience")
    )
    out = [[a, *(int(v) for v in values)] for a, *values in rows]
    return Table(
        "risk_education",
        _("Explosive ordnance risk education in %(year)s, by audience") % {"year": year},
        [
            Column("audience", _("Audience"), labels=labels_of(EoreSession.Audience.choices)),
            Column("sessions", _("Sessions"), "int"),
            Column("girls", _("Girls"), "int"),
            Column("boys", _("Boys"), "int"),
            Column("women", _("Women"), "int"),
            Column("men", _("Men"), "int"),
            Column("total", _("Total beneficiaries"), "int"),
        ],
        out,
        total=total_of(out, range(1, 7)) if out else None,
    )


def casualties(src: Sources, country: str, year: int, contamination: str | None = None) -> Table:
    """Casualties of accidents in the year by sex and age, killed and injured; deminers apart."""
    start, end = year_span(year)
    qs = src.casualties.filter(accident__country_id=country_pk(country), accident__date__range=(start, end))
    if contamination:
        qs = qs.filter(accident__hazard__contamination=contamination)
    counts = {(g, o, d): n for g, o, d, n in qs.values_list("group", "outcome", "deminer").annotate(n=Count("id"))}

    def n(group: str, outcome: str, deminer: bool | None = None) -> int:
        return sum(v for (g, o, d), v in counts.items() if g == group and o == outcome and deminer in (None, d))

    out: list[list[Any]] = [[g, n(g, "killed"), n(g, "injured"), n(g, "killed") + n(g, "injured")] for g in GROUPS]
    deminers = [sum(n(g, o, True) for g in GROUPS) for o in ("killed", "injured")]
    if any(deminers):
        out.append(["deminers", *deminers, sum(deminers)])
    labels = {
        "girl": _("Girls"),
        "boy": _("Boys"),
        "woman": _("Women"),
        "man": _("Men"),
        "deminers": _("of whom deminers"),
    }
    return Table(
        f"casualties_{contamination or 'all'}",
        _("Casualties in %(year)s, by sex and age") % {"year": year},
        [
            Column("group", _("Group"), labels=labels),
            Column("killed", _("Killed"), "int"),
            Column("injured", _("Injured"), "int"),
            Column("total", _("Total"), "int"),
        ],
        out if counts else [],
        total=total_of(out[:4], range(1, 4)) if counts else None,
    )


def victim_assistance(src: Sources, country: str, year: int) -> Table:
    """Referrals made in the year by need and their status now: counts only, no person named.

    Read through the restricted casualties (record data), following each casualty to its victim's
    referrals; no name, contact or medical field is read. Victims not linked to a recorded
    casualty are not counted.
    """
    start, end = year_span(year)
    base = src.casualties.filter(accident__country_id=country_pk(country))
    prefix = "victim__referrals__"
    rows = (
        base.filter(**{f"{prefix}referred_on__range": (start, end)})
        .values_list(f"{prefix}need", f"{prefix}status")
        .annotate(n=Count(f"{prefix}id"))
        .order_by(f"{prefix}need", f"{prefix}status")
    )
    needs: dict[str, dict[str, int]] = {}
    for need, status, n in rows:
        needs.setdefault(need, {})[status] = n
    statuses = [code for code, _label in Referral.Status.choices]
    out: list[list[Any]] = [
        [need, *(s.get(code, 0) for code in statuses), sum(s.values())] for need, s in needs.items()
    ]
    return Table(
        "victim_assistance",
        _("Victim assistance: referrals made in %(year)s, by need") % {"year": year},
        [
            Column("need", _("Need"), labels=labels_of(Referral.Need.choices)),
            *(Column(code, str(label), "int") for code, label in Referral.Status.choices),
            Column("total", _("Total"), "int"),
        ],
        out,
        total=total_of(out, range(1, len(statuses) + 2)) if out else None,
        note=_("Status as recorded today."),
    )


def victim_assistance_summary(src: Sources, country: str, year: int) -> Table:
    """Casualties registered in victim assistance by the year's end, and survivors referred in it."""
    start, end = year_span(year)
    base = src.casualties.filter(accident__country_id=country_pk(country), victim__isnull=False)
    registered = base.filter(accident__date__lte=end).count()
    referred = base.filter(victim__referrals__referred_on__range=(start, end)).values("id").distinct().count()
    labels = {
        "registered": _("Casualties up to 31 December registered in victim assistance"),
        "referred": _("Survivors referred to a service in the year"),
    }
    return Table(
        "victim_assistance_summary",
        _("Victim assistance in %(year)s") % {"year": year},
        [Column("line", _("Figure"), labels=labels), Column("count", _("Number"), "int")],
        [["registered", registered], ["referred", referred]] if registered else [],
        note=_("Counts only: no name, contact or medical detail is read for this report."),
    )


def funding(src: Sources, year: int) -> Table:
    rows = (
        src.funding.filter(year=year)
        .values_list("donor__name", "pillar")
        .annotate(usd=Sum("amount_usd"))
        .order_by("donor__name", "pillar")
    )
    out = [[donor, pillar, round(usd)] for donor, pillar, usd in rows]
    return Table(
        "funding",
        _("International cooperation and assistance received for %(year)s (USD)") % {"year": year},
        [
            Column("donor", _("Donor")),
            Column("pillar", _("Pillar"), labels=labels_of(Pillar.choices)),
            Column("usd", _("Amount (USD)"), "int"),
        ],
        out,
        total=[_("Total"), "", round(sum(usd for _d, _p, usd in rows))] if out else None,
    )
