"""Risk-education sessions from a legacy file: the EORE report's questions, plus who held the
session and when (a report knows both; a file row says them)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy

from minefree.core.errors import ActionError
from minefree.education import actions, reports
from minefree.education.models import BENEFICIARY_FIELDS, EoreSession
from minefree.fieldwork import legacy_lookups as lookups
from minefree.fieldwork import legacy_rows as rows_
from minefree.fieldwork import legacy_writes as writes
from minefree.fieldwork.declare import KINDS, Question
from minefree.hazards.checks import placed_point
from minefree.legacy.targets import Context, Row, register

assert reports.QUESTIONS  # the report kind is declared when its module is imported


class EoreTarget(writes.BulkTarget):
    name = "eore_session"
    label = gettext_lazy("Risk education sessions")
    model = EoreSession
    create_action = "record_session"
    update_action = "update_session"
    prefix = "EORE"

    def questions(self) -> tuple[Question, ...]:
        kind = KINDS["eore"]
        return (rows_.ORGANISATION, rows_.day_question("date", kind.date_label), *kind.questions)

    def read(self, rows: Sequence[Row], context: Context) -> tuple[list[writes.Item], rows_.Problems]:
        clean, problems = rows_.read_rows(self.questions(), rows)
        items = []
        for row in rows:
            values = clean[row.number]
            values["organisation"] = lookups.find_organisation(context, row, values["organisation"], problems)
            values["admin_area"] = lookups.find_district(context, row, values["admin_area"], problems, "admin_area")
            counts = {name: values[name] for name in (*BENEFICIARY_FIELDS, "total")}
            if all(v is not None for v in counts.values()):
                try:  # the form's own rule and message: the total is the sum of its parts
                    actions.check_total(counts, counts["total"])
                except ActionError as exc:
                    problems += [(row, field, m) for field, messages in exc.errors.items() for m in messages]
            items.append(writes.Item(row, values))
        lookups.with_boundaries(item.values["admin_area"] for item in items)
        for item in items:
            point, district = item.values["location"], item.values["admin_area"]
            if point is not None and district is not None:
                problems += [(item.row, "location", m) for m in placed_point(point, district)]
        return items, problems


register(EoreTarget())
