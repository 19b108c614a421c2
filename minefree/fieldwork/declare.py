"""A field report kind declared once, in the app that owns the records it writes.

Its questions give the web form (labels, help, required marks, translated choices), the reading of a
payload (types, bounds, required answers, unknown keys), the API schema of the payload, the labels
of the report's page and the check that each bundled XLSForm asks what the kind needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from minefree.core.limits import MAX_TEXT
from minefree.core.registry import WEB_FORM_KINDS

# Counts fit a 32-bit database integer; record numbers (primary keys) a 64-bit one.
MAX_COUNT = 2**31 - 1
MAX_ID = 2**63 - 1

# What a question's answer is. `district` is a level-2 area code, `team` a team name of the writing
# organisation, `record` the number of a record the writer may see, `items` a list of objects.
TYPES = (
    "text",
    "long_text",
    "choice",
    "day",
    "count",
    "record",
    "amount",
    "flag",
    "polygon",
    "line",
    "point",
    "district",
    "team",
    "items",
)


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    label: Any
    required: bool = True
    help: Any = ""
    choices: tuple[tuple[str, Any], ...] = ()
    max_length: int = 200
    low: int = 0
    high: int = 1_000_000
    unit: Any = ""
    default: Any = None
    items: tuple[Question, ...] = ()  # the keys of each item of an `items` answer
    sealed: bool = False  # personal data: encrypted as soon as the report is saved
    on_phones: bool = True  # False: asked at the desk only, never added to the bundled XLSForm

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"question {self.name!r}: unknown type {self.type!r}")

    def choice_label(self, code: Any) -> Any:
        return dict(self.choices).get(code, code)


_FIELD_TYPES: tuple[tuple[type[models.Field[Any, Any]], str], ...] = (
    (models.BooleanField, "flag"),
    (models.DateField, "day"),
    (models.DecimalField, "amount"),
    (models.IntegerField, "count"),
    (models.TextField, "long_text"),
    (models.CharField, "text"),
)
_RELATED_TYPES = {"gazetteer.AdminArea": "district", "organisations.Team": "team"}


def from_model(model: type[models.Model], name: str, **given: Any) -> Question:
    """A question taking its label, help, choices, length and whether it is required from a model
    field, so a field is declared once; `given` overrides what the report asks differently."""
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    kind = given.pop("type", None) or _type_of(model_field)
    if kind == "district" and "label" not in given:
        given["label"] = _("District")  # whatever the model calls its area, a report asks for a district
    default = model_field.default if model_field.has_default() and not callable(model_field.default) else None
    question = Question(
        name=name,
        type=kind,
        label=capfirst(model_field.verbose_name),
        required=not (model_field.blank or model_field.has_default() or kind == "flag"),
        help=model_field.help_text,
        choices=tuple(model_field.choices or ()),
        max_length=model_field.max_length or MAX_TEXT,
        default=default,
    )
    return replace(question, **given)


# What the report itself gives (its organisation and date of information), never asked as a question.
REPORT_GIVES = ("organisation", "date")


def from_model_fields(
    model: type[models.Model],
    *,
    leave_out: tuple[str, ...] = REPORT_GIVES,
    given: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[Question, ...]:
    """A question for every field a user fills, in the model's order: a field added to the model is
    asked by the web form, read from the payload and typed in the schema with no other change.
    `given` overrides what a question asks differently (`{"girls": {"unit": "people"}}`)."""
    return tuple(
        from_model(model, f.name, **(given or {}).get(f.name, {}))
        for f in model._meta.concrete_fields
        if f.editable
        and not f.primary_key
        and not f.auto_created
        and f.name not in leave_out
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    )


def _type_of(model_field: models.Field[Any, Any]) -> str:
    if model_field.is_relation and model_field.related_model is not None:
        label = model_field.related_model._meta.label
        if label in _RELATED_TYPES:
            return _RELATED_TYPES[label]
        raise ValueError(f"{model_field.name}: say which type of question asks for a {label}")
    if model_field.choices:
        return "choice"
    geometry = getattr(model_field, "geom_type", "")
    if geometry:
        return {"POINT": "point", "LINESTRING": "line"}.get(geometry, "polygon")
    for field_class, kind in _FIELD_TYPES:
        if isinstance(model_field, field_class):
            return kind
    raise ValueError(f"{model_field.name}: no question type for {type(model_field).__name__}")


DATE_OF_INFORMATION = _("Date of information")
# What approval does, as the approving user (confirm: create despite overlaps): {"record": pk, ...}.
Apply = Callable[[Any, bool], dict[str, int]]
# A kind's rules: (the payload's Reader, the answers its questions read, the report) -> Apply.
Rules = Callable[[Any, dict[str, Any], Any], Apply]


@dataclass(frozen=True)
class ReportKind:
    """A kind of field report: its questions, and `rules` (the checks between answers, and what
    approval does) called with the answers read by the questions."""

    name: str
    label: Any
    questions: tuple[Question, ...]
    rules: Rules
    date_label: Any = DATE_OF_INFORMATION
    needs_hazard: bool = False  # the report is about a hazardous area it names
    # Only the given answers are read (a change to an existing record), so `rules` asks itself.
    reads_given: bool = False
    web_form: bool = True
    personal: bool = False  # about a person: written and read only under a grant holding personal data
    known_elsewhere: frozenset[str] = field(default=frozenset())  # keys another path reads

    def question(self, name: str) -> Question:
        for question in self.questions:
            if question.name == name:
                return question
        raise KeyError(name)

    def sealed(self) -> tuple[str, ...]:
        """The names (at any depth) whose values are personal and sealed on save."""
        names = [q.name for q in self.questions if q.sealed]
        names += [i.name for q in self.questions for i in q.items if i.sealed]
        return tuple(names)

    def label_of(self, name: str) -> Any:
        try:
            return self.question(name).label
        except KeyError:
            return name.replace("_", " ")


KINDS: dict[str, ReportKind] = {}


def declare(kind: ReportKind) -> ReportKind:
    if kind.name in KINDS:
        raise ValueError(f"report kind {kind.name!r} declared twice")
    KINDS[kind.name] = kind
    if kind.web_form:
        WEB_FORM_KINDS.add(kind.name)  # list pages offer "report" for the kinds with a web form
    return kind


def report_kind(name: str, label: Any, questions: Iterable[Question], **options: Any) -> Callable[[Rules], Rules]:
    """Declare a kind whose rules are the decorated function."""

    def add(rules: Rules) -> Rules:
        declare(ReportKind(name, label, tuple(questions), rules, **options))
        return rules

    return add


def kind_choices() -> list[tuple[str, Any]]:
    """(code, label) of every declared kind, for lists and filters."""
    return [(kind.name, kind.label) for kind in KINDS.values()]


def personal_kinds() -> tuple[str, ...]:
    return tuple(kind.name for kind in KINDS.values() if kind.personal)
