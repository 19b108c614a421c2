"""A field added to a report kind's declaration reaches the phones: the bundled XLSForm asks it, in
English, Russian and Tajik, with its choices and required mark, as a new version of the form."""

from __future__ import annotations

import re
from dataclasses import replace

from pyxform.xls2json_backends import md_to_dict
from pyxform.xls2xform import convert

from minefree.education.models import EoreSession
from minefree.fieldcollection.xforms import BUNDLED
from minefree.fieldcollection.xlsform_rows import complete
from minefree.fieldwork.declare import KINDS, Question
from minefree.fieldwork.xlsform_match import mismatches
from minefree.hazards.models import Classification

EORE = (BUNDLED / "eore.md").read_text()


def with_questions(*added: Question):  # the eore kind as if its model had gained fields
    kind = KINDS["eore"]
    materials = [q.name for q in kind.questions].index("materials")
    questions = (*kind.questions[: materials + 1], *added, *kind.questions[materials + 1 :])
    return replace(kind, questions=questions)


def survey_row(md: str, name: str) -> dict[str, str]:
    return next(r for r in md_to_dict(md)["survey"] if r.get("name") == name)


def test_a_declared_question_the_form_does_not_ask_is_added_in_three_languages_after_its_neighbour():
    duration = replace(
        KINDS["eore"].question("materials"),
        name="duration",
        label=EoreSession._meta.get_field("place").verbose_name,
        required=True,
    )
    md = complete(EORE, with_questions(duration))
    row = survey_row(md, "duration")
    assert row["type"] == "integer" and row["required"] == "yes"
    assert (row["label::English (en)"], row["label::Russian (ru)"], row["label::Tajik (tg)"]) == (
        "place",
        "населённый пункт",
        "маҳал",
    )
    names = [r.get("name") for r in md_to_dict(md)["survey"]]
    assert names.index("duration") == names.index("materials") + 1  # where the declaration puts it
    xform = convert(xlsform=md, file_type=".md", warnings=[]).xform
    assert re.search(r'<data id="minefree_eore" version="2026120801\.[0-9a-f]{6}"', xform)  # phones fetch it again


def test_an_added_choice_question_brings_its_list_with_translated_labels():
    kind = with_questions(
        Question("terrain", "choice", "Classification", required=False, choices=tuple(Classification.choices))
    )
    md = complete(EORE, kind)
    listed = [c for c in md_to_dict(md)["choices"] if c["list_name"] == "terrain_choices"]
    assert [c["name"] for c in listed] == [code for code, _label in Classification.choices]
    assert {c["label::Russian (ru)"] for c in listed} >= {"Подтверждённый опасный район"}
    assert mismatches(kind, md_to_dict(md)) == []


def test_a_form_that_asks_everything_is_left_as_written():
    completed = complete(EORE, KINDS["eore"])  # the bundled form gains the session's duration
    assert "duration_minutes" in completed and "duration_minutes" not in EORE
    assert complete(completed, KINDS["eore"]) == completed


def test_a_desk_only_question_is_not_added():
    hazard = (BUNDLED / "hazard.md").read_text()
    assert "status" not in {r.get("name") for r in md_to_dict(complete(hazard, KINDS["hazard"]))["survey"]}
