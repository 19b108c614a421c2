"""Accidents with their casualties by sex and age from a legacy file (victims: `legacy_victims.py`).

A legacy accident row counts its casualties (IMSMA's killed and injured by girls, boys, women and
men); MineFree keeps one casualty row per person, as an accident report does, so each count
becomes that many casualties of its group with no age (the group is what the source knows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.casualties import legacy_victims, reports  # noqa: F401 - reports declares the kinds
from minefree.casualties.models import Accident, Casualty
from minefree.core import audit
from minefree.fieldwork import legacy_lookups as lookups
from minefree.fieldwork import legacy_rows as rows_
from minefree.fieldwork import legacy_writes as writes
from minefree.fieldwork.declare import KINDS, Question
from minefree.hazards.checks import placed_point
from minefree.legacy import external_ids
from minefree.legacy.targets import Context, Row, register

GROUP_SEX = {"girl": "female", "boy": "male", "woman": "female", "man": "male"}
# (outcome, group) -> the field a mapping fills (killed_girl, injured_man, ...) and its label.
COUNT_LABELS = {
    ("killed", "girl"): gettext_lazy("Girls killed"),
    ("killed", "boy"): gettext_lazy("Boys killed"),
    ("killed", "woman"): gettext_lazy("Women killed"),
    ("killed", "man"): gettext_lazy("Men killed"),
    ("injured", "girl"): gettext_lazy("Girls injured"),
    ("injured", "boy"): gettext_lazy("Boys injured"),
    ("injured", "woman"): gettext_lazy("Women injured"),
    ("injured", "man"): gettext_lazy("Men injured"),
}
COUNTS = {(outcome, group): f"{outcome}_{group}" for outcome, group in COUNT_LABELS}
# The report's questions an import fills another way: its casualties are counts, evidence is not kept in IMSMA.
NOT_IMPORTED = ("casualties", "evidence")


def _count_question(outcome: str, group: str) -> Question:
    label = COUNT_LABELS[(outcome, group)]
    return Question(COUNTS[(outcome, group)], "count", label, required=False, default=0, high=10_000)


HAZARD = rows_.named_record("hazard", gettext_lazy("Hazardous area"))


class AccidentTarget(writes.BulkTarget):
    name = "accident"
    label = gettext_lazy("Accidents and casualties")
    model = Accident
    create_action = "record_accident"
    update_action = "update_accident"
    prefix = "ACC"

    def questions(self) -> tuple[Question, ...]:
        kind = KINDS["accident"]
        return (
            rows_.ORGANISATION,
            rows_.day_question("date", kind.date_label),
            *(q for q in kind.questions if q.name not in NOT_IMPORTED),
            HAZARD,
            *(_count_question(outcome, group) for outcome, group in COUNTS),
        )

    def read(self, rows: Sequence[Row], context: Context) -> tuple[list[writes.Item], rows_.Problems]:
        clean, problems = rows_.read_rows(self.questions(), rows)
        hazards = lookups.hazards_named(context, (v["hazard"] for v in clean.values()))
        before = _casualties_before(rows)
        items = []
        for row in rows:
            values = clean[row.number]
            counts = Counter({key: values.pop(name) or 0 for key, name in COUNTS.items()})
            values["organisation"] = lookups.find_organisation(context, row, values["organisation"], problems)
            values["admin_area"] = lookups.find_district(context, row, values["admin_area"], problems, "admin_area")
            if values["admin_area"] is not None:
                values["country"] = values["admin_area"].country
            named = values.pop("hazard")
            values["hazard"] = hazards.get(named) if named else None
            if named and values["hazard"] is None:
                problems.append(
                    (row, "hazard", _("No hazardous area with reference or IMSMA id %(id)s.") % {"id": named})
                )
            if not any(counts.values()):
                problems.append((row, "casualties", _("An accident has at least one casualty.")))
            fewer = [COUNTS[key] for key, n in before.get(row.number, Counter()).items() if counts[key] < n]
            problems += [
                (row, name, _("An earlier import recorded more casualties here; casualties are never removed."))
                for name in fewer
            ]
            items.append(writes.Item(row, values, {"counts": counts}))
        lookups.with_boundaries(item.values["admin_area"] for item in items)
        for item in items:
            point, district = item.values["location"], item.values["admin_area"]
            if point is not None and district is not None:
                problems += [(item.row, "location", m) for m in placed_point(point, district)]
        return items, problems

    def created(self, made: list[tuple[writes.Item, Any]], context: Context) -> None:
        people = {accident.pk: _people(accident, item.extra["counts"]) for item, accident in made}
        Casualty.objects.bulk_create(c for batch in people.values() for c in batch)
        context.cache["casualties.made"] = people  # for the audit, without reading them back

    def updated(self, pairs: list[tuple[writes.Item, Any]], context: Context) -> None:
        before = _casualties_before([item.row for item, _accident in pairs])
        added = [
            c
            for item, accident in pairs
            for c in _people(accident, item.extra["counts"] - before.get(item.row.number, Counter()))
        ]
        Casualty.objects.bulk_create(added)
        audit.record_many(context.user, "add_casualty", ((c, None, _public(c), c.accident.reference) for c in added))

    def audited(self, record: Any, context: Context) -> dict[str, Any]:
        # As recording an accident does: who was hurt and how badly, never the sealed medical detail.
        people = [_public(c) for c in context.cache["casualties.made"][record.pk]]
        return audit.snapshot(record) | {"casualties": people}


def _public(casualty: Casualty) -> dict[str, Any]:
    return {k: v for k, v in audit.snapshot(casualty).items() if k not in Casualty.SEALED}


def _people(accident: Accident, counts: Counter[tuple[str, str]]) -> list[Casualty]:
    deminer = accident.kind == Accident.Kind.DEMINING
    return [
        Casualty(accident=accident, sex=GROUP_SEX[group], age=None, group=group, outcome=outcome, deminer=deminer)
        for (outcome, group), n in sorted(counts.items())
        for _n in range(n)
    ]


def _casualties_before(rows: Sequence[Row]) -> dict[int, Counter[tuple[str, str]]]:
    """Row number -> the casualties an earlier import of the row recorded, by outcome and group."""
    known = external_ids.known(Accident, rows)
    by_accident: dict[int, Counter[tuple[str, str]]] = {}
    for accident, outcome, group in Casualty.objects.filter(accident__in=set(known.values())).values_list(
        "accident", "outcome", "group"
    ):
        by_accident.setdefault(accident, Counter())[(outcome, group)] += 1
    return {number: by_accident.get(pk, Counter()) for number, pk in known.items()}


register(AccidentTarget())
register(legacy_victims.VictimTarget())
