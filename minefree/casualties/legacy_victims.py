"""Victims from a legacy file: the victim assistance report's questions, personal data sealed as
registering a victim seals it. Only a user whose grant holds personal data may import them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.casualties import reports  # noqa: F401 - declares the report kinds
from minefree.casualties.models import Accident, Casualty, Victim
from minefree.core import audit
from minefree.core.crypto import seal, unseal
from minefree.core.permissions import Capability, DataClass, has
from minefree.fieldwork import legacy_lookups as lookups
from minefree.fieldwork import legacy_rows as rows_
from minefree.fieldwork import legacy_writes as writes
from minefree.fieldwork.declare import KINDS, Question
from minefree.gazetteer.home import local_today
from minefree.legacy import external_ids
from minefree.legacy.targets import Context, Row

SEALED = {"name": "name_sealed", "contact": "contact_sealed", "medical": "medical_sealed"}
NOT_IMPORTED = ("needs",)  # referrals are made in MineFree, where their progress is followed
ACCIDENT = Question(
    "accident",
    "text",
    gettext_lazy("Accident"),
    required=False,
    max_length=64,
    help=gettext_lazy(
        "Its MineFree reference, or its IMSMA GUID or local id: the victim is linked to a casualty of that "
        "accident of the same sex."
    ),
)


def holds_personal_data(user: Any) -> bool:
    return has(user, Capability.EDIT_RECORD, DataClass.PERSONAL) or has(user, Capability.EDIT_OWN, DataClass.PERSONAL)


class VictimTarget(writes.BulkTarget):
    name = "victim"
    label = gettext_lazy("Victims")
    model = Victim
    create_action = "register_victim"
    update_action = "update_victim"
    prefix = "VA"
    hidden = Victim.SEALED

    def questions(self) -> tuple[Question, ...]:
        kind = KINDS["victim"]
        return (rows_.ORGANISATION, *(q for q in kind.questions if q.name not in NOT_IMPORTED), ACCIDENT)

    def gate(self, context: Context) -> str | None:
        return (
            None
            if holds_personal_data(context.user)
            else _("Importing victims needs a grant that holds personal data.")
        )

    def read(self, rows: Sequence[Row], context: Context) -> tuple[list[writes.Item], rows_.Problems]:
        clean, problems = rows_.read_rows(self.questions(), rows)
        accidents = lookups.records_named(Accident, (v["accident"] for v in clean.values()))
        free = _free_casualties(accidents.values())
        # A victim imported before keeps the casualty it is linked to, if the row names that accident.
        known = external_ids.known(Victim, rows)
        linked = dict(
            Victim.objects.filter(pk__in=set(known.values()), casualty__isnull=False).values_list(
                "pk", "casualty__accident"
            )
        )
        items = []
        for row in rows:
            values = clean[row.number]
            values["organisation"] = lookups.find_organisation(context, row, values["organisation"], problems)
            values["admin_area"] = lookups.find_district(context, row, values["admin_area"], problems, "admin_area")
            year = values["birth_year"]
            if year is not None and year > local_today().year:
                problems.append(
                    (
                        row,
                        "birth_year",
                        _("Give a whole number from %(low)s to %(high)s.") % {"low": 1900, "high": local_today().year},
                    )
                )
            named = values.pop("accident")
            values["casualty"] = None
            if named:
                accident = accidents.get(named)
                if accident is None:
                    problems.append(
                        (row, "accident", _("No accident with reference or IMSMA id %(id)s.") % {"id": named})
                    )
                elif linked.get(known.get(row.number, 0)) == accident.pk:
                    values.pop("casualty")  # already linked to a casualty of this accident
                else:
                    values["casualty"] = _take(free, accident.pk, values["sex"])
                    if values["casualty"] is None:
                        problems.append(
                            (
                                row,
                                "accident",
                                _("%(ref)s has no casualty of this sex without a victim record.")
                                % {"ref": accident.reference},
                            )
                        )
            clear = {name: values.pop(name) or "" for name in SEALED}
            items.append(writes.Item(row, values, {"clear": clear}))
        return items, problems

    def build(self, item: writes.Item, reference: str) -> Victim:
        # Sealed as `assistance.register_victim` seals them: the name trimmed, the rest as given.
        clear = item.extra["clear"]
        sealed = {field: seal(clear[name].strip() if name == "name" else clear[name]) for name, field in SEALED.items()}
        return Victim(reference=reference, **item.values, **sealed)

    def changes(self, item: writes.Item, record: Any) -> dict[str, Any]:
        # Ciphertext differs at every sealing: compare the clear text, re-seal only what changed.
        clear = item.extra["clear"]
        changed = {
            field: seal(clear[name].strip() if name == "name" else clear[name])
            for name, field in SEALED.items()
            if unseal(getattr(record, field)) != (clear[name].strip() if name == "name" else clear[name])
        }
        values = dict(item.values)
        if values.get("casualty", 0) is None:
            values.pop("casualty")  # a victim's link to a casualty is not undone by a row that names none
        return values | changed

    def audited(self, record: Any, context: Context) -> dict[str, Any]:
        return {k: v for k, v in audit.snapshot(record).items() if k not in Victim.SEALED}


def _free_casualties(accidents: Any) -> dict[int, list[Casualty]]:
    """Accident pk -> its casualties no victim record is linked to yet, in one query."""
    found: dict[int, list[Casualty]] = {}
    pks = {a.pk for a in accidents}
    for casualty in Casualty.objects.filter(accident__in=pks, victim__isnull=True).order_by("id"):
        found.setdefault(casualty.accident_id, []).append(casualty)
    return found


def _take(free: dict[int, list[Casualty]], accident: int, sex: str | None) -> Casualty | None:
    for casualty in free.get(accident, []):
        if casualty.sex == sex:
            free[accident].remove(casualty)
            return casualty
    return None
