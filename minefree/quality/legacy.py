"""Quality findings from a legacy file: monitoring visits with their result and findings; a result
other than satisfactory raises a non-conformity of that severity, as recording a visit does. Only
holders of the quality-assurance capability import them, as only they record them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.core import audit
from minefree.core.permissions import Capability, has
from minefree.fieldwork import legacy_lookups as lookups
from minefree.fieldwork import legacy_rows as rows_
from minefree.fieldwork import legacy_writes as writes
from minefree.fieldwork.declare import Question, from_model_fields
from minefree.legacy import external_ids
from minefree.legacy.targets import Context, Row, register
from minefree.quality.models import MonitoringVisit, NonConformity, Result

WHERE_AND_WHO = (
    rows_.named_record("hazard", gettext_lazy("Hazardous area")),
    Question(
        "inspector",
        "text",
        gettext_lazy("Inspector"),
        required=False,
        max_length=150,
        help=gettext_lazy("A MineFree user name; left empty, the user who imports the file."),
    ),
)


class QualityFindingTarget(writes.BulkTarget):
    name = "quality_finding"
    label = gettext_lazy("Quality findings (monitoring visits)")
    model = MonitoringVisit
    create_action = "record_visit"
    update_action = "update_visit"
    prefix = ""

    def questions(self) -> tuple[Question, ...]:
        asked = from_model_fields(MonitoringVisit, leave_out=("organisation", "hazard", "inspector"))
        return (rows_.ORGANISATION, *asked, *WHERE_AND_WHO)

    def read(self, rows: Sequence[Row], context: Context) -> tuple[list[writes.Item], rows_.Problems]:
        clean, problems = rows_.read_rows(self.questions(), rows)
        hazards = lookups.hazards_named(context, (v["hazard"] for v in clean.values()))
        users = {
            u.username: u
            for u in get_user_model().objects.filter(username__in={v["inspector"] for v in clean.values()})
        }
        known = external_ids.known(MonitoringVisit, rows)
        results = dict(MonitoringVisit.objects.filter(pk__in=set(known.values())).values_list("pk", "result"))
        items = []
        for row in rows:
            v = clean[row.number]
            v["organisation"] = lookups.find_organisation(context, row, v["organisation"], problems)
            named = v["hazard"]
            v["hazard"] = hazards.get(named) if named else None
            if named and v["hazard"] is None:
                problems.append(
                    (row, "hazard", _("No hazardous area with reference or IMSMA id %(id)s.") % {"id": named})
                )
            who = v["inspector"]
            v["inspector"] = users.get(who) if who else context.user
            if v["inspector"] is None:
                problems.append((row, "inspector", _("No user called %(name)s.") % {"name": who}))
            if v["result"] and v["result"] != Result.SATISFACTORY and not v["findings"].strip():
                problems.append((row, "findings", _("Describe what was found.")))
            earlier = results.get(known.get(row.number, 0))
            if earlier is not None and v["result"] and v["result"] != earlier:
                problems.append((row, "result", _("An earlier import recorded another result; change it in MineFree.")))
            items.append(writes.Item(row, v))
        return items, problems

    def gate(self, context: Context) -> str | None:
        return (
            None
            if has(context.user, Capability.QUALITY_ASSURANCE)
            else _("Only quality assurance officers record this.")
        )

    def refused(self, context: Context, rows: Sequence[Row], known: dict[int, int], items: dict[int, Any]) -> Any:
        return []  # the capability is the whole rule (gate), as in quality.actions

    def earlier(self, context: Context, pks: Iterable[int]) -> dict[int, Any]:
        return MonitoringVisit.objects.select_for_update().in_bulk(set(pks))

    def created(self, made: list[tuple[writes.Item, Any]], context: Context) -> None:
        raised = NonConformity.objects.bulk_create(
            NonConformity(
                organisation=visit.organisation,
                severity=visit.result,
                description=visit.findings,
                raised_on=visit.visited_on,
                visit=visit,
            )
            for _item, visit in made
            if visit.result != Result.SATISFACTORY
        )
        audit.record_many(context.user, "raise_non_conformity", ((n, None, audit.snapshot(n), "") for n in raised))


register(QualityFindingTarget())
