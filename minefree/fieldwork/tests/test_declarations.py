"""Each report kind is declared once: its bundled XLSForm, web form and API schema follow from the
declaration, and a form that drifts from it is caught."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyxform.xls2json_backends import md_to_dict

from minefree.fieldcollection.xforms import BUNDLED, bundled_source
from minefree.fieldwork.declare import KINDS
from minefree.fieldwork.xlsform_match import mismatches

FORMS = sorted(path.stem for path in Path(BUNDLED).glob("*.md"))


@pytest.mark.parametrize("kind", FORMS)
def test_each_bundled_xlsform_asks_what_its_kind_declares(kind: str) -> None:
    assert mismatches(KINDS[kind], md_to_dict(bundled_source(kind))) == []


def eore_sheets() -> dict[str, Any]:
    return md_to_dict(bundled_source("eore"))


def test_a_form_that_drifts_from_its_declaration_is_named_question_by_question() -> None:
    sheets = eore_sheets()
    sheets["choices"] = [c for c in sheets["choices"] if c["name"] != "theatre"]  # a choice dropped
    sheets["choices"].append({"list_name": "aud", "name": "soldiers", "label::English (en)": "Soldiers"})
    for row in sheets["survey"]:
        if row.get("name") == "girls":
            row["required"] = ""  # a required count made optional
        if row.get("name") == "materials":
            row["type"] = "text"  # a count asked as text
    sheets["survey"] = [r for r in sheets["survey"] if r.get("name") != "place"]  # a required question left out
    sheets["survey"].append({"type": "text", "name": "weather", "label::English (en)": "Weather"})
    found = "\n".join(mismatches(KINDS["eore"], sheets))
    assert "method: choices differ (missing ['theatre']" in found
    assert "audience: choices differ (missing [], unknown ['soldiers'])" in found
    assert "girls: required by the report, optional in the form" in found
    assert "materials: asked as text" in found
    assert "place: required by the report, not asked" in found
    assert "weather: not a question of this report" in found


def test_a_choice_worded_differently_is_caught() -> None:
    sheets = eore_sheets()
    for row in sheets["choices"]:
        if row["name"] == "shepherds":
            row["label::English (en)"] = "Herders"
    assert mismatches(KINDS["eore"], sheets) == [
        "audience: choice shepherds reads 'Herders' in the form, 'Shepherds' in MineFree"
    ]


def test_the_web_form_marks_required_fields_and_shows_choices_by_their_translated_labels(persona: Any) -> None:
    clerk = persona("npa.clerk")
    english = clerk.get("/field-reports/new/eore/").content.decode()
    assert '<option value="" selected>—</option>' in english  # nothing chosen for the user
    assert '<option value="small_group">Small-group discussion</option>' in english
    assert 'name="girls"' in english and 'required id="id_girls"' in english
    assert 'name="materials"' in english and 'required id="id_materials"' not in english
    clerk.cookies["django_language"] = "ru"
    russian = clerk.get("/field-reports/new/eore/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Обсуждение в малой группе" in russian and "Small-group discussion" not in russian


def test_the_api_schema_types_each_report_kind(persona: Any) -> None:
    schema = persona("npa.clerk").get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    payload = components["FieldReportCreate"]["properties"]["payload"]
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in payload["oneOf"]} == {
        f"{''.join(p.title() for p in kind.split('_'))}Payload" for kind in KINDS
    }
    eore = components["EorePayload"]
    assert set(eore["required"]) >= {"admin_area", "place", "facilitator", "girls", "total"}
    assert eore["properties"]["girls"]["type"] == "integer" and eore["additionalProperties"] is False
    casualty = components["AccidentPayload"]["properties"]["casualties"]["items"]
    assert set(casualty["required"]) == {"sex", "outcome"} and "injuries" in casualty["properties"]


def test_a_zero_count_and_an_unticked_box_are_told_apart(db: Any) -> None:
    """0 women is an answer the payload keeps; an unticked box is not sent (a change report leaves it)."""
    from minefree.fieldwork.forms import form_for

    form_class = form_for("eore")
    assert form_class is not None
    data = {"client_id": "x", "date_of_information": "2025-01-01", "place": "p", "girls": 1, "boys": 0}
    form = form_class(data)
    form.is_valid()
    assert form.payload()["boys"] == 0
    hazard_form = form_for("hazard")
    assert hazard_form is not None
    unticked = hazard_form({"client_id": "y", "date_of_information": "2025-01-01", "coordinate_order": "latlon"})
    unticked.is_valid()
    assert "mechanical_suitable" not in unticked.payload()
