"""The field reports of the victims pillar: an accident with its casualties, a victim registered
for assistance with the needs they were referred for."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minefree.casualties import actions, assistance
from minefree.casualties.models import Accident, Casualty, Referral, Victim
from minefree.core.errors import ActionError
from minefree.fieldwork.declare import Question, from_model, report_kind
from minefree.fieldwork.payload import Apply, Fields, Reader
from minefree.gazetteer.home import local_today

YES = {"1", "true", "yes", "on"}

CASUALTY = (
    from_model(Casualty, "sex"),
    from_model(Casualty, "age", high=120, unit=gettext_lazy("years")),
    from_model(Casualty, "outcome"),
    from_model(Casualty, "deminer"),
    Question("adult", "flag", gettext_lazy("Adult (when the age is not known)"), required=False),
    Question("injuries", "long_text", gettext_lazy("Injuries"), required=False, sealed=True),
)
EVIDENCE = (
    Question("type", "text", gettext_lazy("Type of evidence"), max_length=60),
    Question("description", "long_text", gettext_lazy("Description"), required=False),
)


@report_kind(
    "accident",
    gettext_lazy("Accident report"),
    (
        from_model(Accident, "kind"),
        from_model(Accident, "admin_area"),
        from_model(Accident, "activity_at_time"),
        from_model(Accident, "location"),
        Question("casualties", "items", gettext_lazy("Casualties"), items=CASUALTY),
        from_model(Accident, "device"),
        Question("evidence", "items", gettext_lazy("Evidence register"), required=False, items=EVIDENCE),
        from_model(Accident, "findings"),
        from_model(Accident, "corrective_actions", on_phones=False),  # the investigation's, written at the desk
    ),
    date_label=gettext_lazy("Date of the accident"),
)
def accident_report(read: Reader, answers: Fields, report: Any) -> Apply:
    read.place_point(answers["location"], answers["admin_area"])
    people = answers["casualties"]
    if not people and "casualties" not in read.errors:
        read.fail("casualties", _("List at least one casualty, each with sex, age and outcome."))
    for person in people:  # a form's "false", "no" and "34" are not true, true and text
        if "adult" in person:
            person["adult"] = str(person["adult"]).lower() in YES
        if isinstance(person.get("age"), str):
            person["age"] = int(person["age"]) if person["age"].isdigit() else None
        if isinstance(person.get("deminer"), str):
            person["deminer"] = person["deminer"].lower() in YES
    if people:
        try:  # what approval refuses about a casualty is refused on submission already
            actions.check_casualties(answers["kind"], people)
        except ActionError as exc:
            read.errors.update(exc.errors)
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        made = actions.record_accident(
            user,
            organisation=report.organisation,
            date=report.date_of_information,
            hazard=report.hazard,
            **answers,
        )
        return {"accident": made.pk}

    return apply


@report_kind(
    "victim",
    gettext_lazy("Victim assistance report"),
    (
        from_model(Victim, "admin_area"),
        from_model(Victim, "sex"),
        from_model(Victim, "birth_year", low=1900, high=2100),
        Question("name", "text", gettext_lazy("Name"), sealed=True),
        Question("contact", "text", gettext_lazy("Contact"), required=False, sealed=True),
        Question("medical", "long_text", gettext_lazy("Medical details"), required=False, sealed=True),
        Question(
            "needs",
            "items",
            gettext_lazy("Needs"),
            required=False,
            items=(from_model(Referral, "need"), from_model(Referral, "institution", required=False)),
        ),
    ),
    personal=True,
)
def victim_report(read: Reader, answers: Fields, report: Any) -> Apply:
    birth_year = answers["birth_year"]
    if birth_year is not None and birth_year > local_today().year:
        read.fail(
            "birth_year", _("Give a whole number from %(low)s to %(high)s.") % {"low": 1900, "high": local_today().year}
        )
    needs = answers["needs"]
    codes = [code for code, _label in Referral.Need.choices]
    if any(n.get("need") not in codes for n in needs):
        read.fail("needs", _("Each need is one of: %(codes)s.") % {"codes": ", ".join(codes)})
    read.check()

    def apply(user: Any, confirm: bool) -> dict[str, int]:
        victim = assistance.register_victim(
            user,
            organisation=report.organisation,
            admin_area=answers["admin_area"],
            sex=answers["sex"],
            birth_year=birth_year,
            name=answers["name"],
            contact=answers["contact"],
            medical=answers["medical"],
        )
        for need in needs:
            assistance.refer(
                user,
                victim,
                need=need["need"],
                institution=str(need.get("institution", ""))[:200],
                referred_on=report.date_of_information,
            )
        return {"victim": victim.pk}

    return apply
