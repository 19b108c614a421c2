"""The OpenAPI schema of a field report's payload: one typed component per report kind, built
from its declared questions when the schema is generated (kinds are declared by other apps)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent

from minefree.fieldwork.declare import KINDS, Question, ReportKind

_PLAIN: dict[str, dict[str, Any]] = {
    "day": {"type": "string", "format": "date"},
    "amount": {"type": "number", "exclusiveMinimum": 0},
    "flag": {"type": "boolean", "description": "Also yes/no, true/false, 1/0 as text."},
    "polygon": {"type": "object", "description": "A GeoJSON Polygon or MultiPolygon in WGS84 (or WKT text)."},
    "point": {"type": "object", "description": "A GeoJSON Point in WGS84: [longitude, latitude]."},
    "line": {"type": "object", "description": "A GeoJSON LineString in WGS84 (a walked line)."},
    "district": {"type": "string", "description": "The code of a district (administrative level 2)."},
    "team": {"type": "string", "description": "The name of a team of the reporting organisation."},
}


def question_schema(question: Question) -> dict[str, Any]:
    kind = question.type
    if kind in {"text", "long_text"}:
        schema: dict[str, Any] = {"type": "string", "maxLength": question.max_length}
    elif kind == "choice":
        schema = {"type": "string", "enum": [code for code, _label in question.choices]}
    elif kind in {"count", "record"}:
        schema = {"type": "integer", "minimum": question.low, "maximum": question.high}
    elif kind == "items":
        schema = {"type": "array", "items": _object(question.items, all_optional=False)}
    else:
        schema = dict(_PLAIN[kind])
    notes = [str(question.help)] if question.help else []
    if kind == "choice":
        notes.append("; ".join(f"{code}: {label}" for code, label in question.choices))
    if question.unit:
        notes.append(f"In {question.unit}.")
    if question.sealed:
        notes.append("Personal data: encrypted as soon as the report is saved.")
    if schema.get("description"):
        notes.insert(0, schema["description"])
    return {"title": str(question.label), **schema, **({"description": " ".join(notes)} if notes else {})}


def _object(questions: tuple[Question, ...], all_optional: bool) -> dict[str, Any]:
    required = [] if all_optional else [q.name for q in questions if q.required]
    return {
        "type": "object",
        "properties": {q.name: question_schema(q) for q in questions},
        **({"required": required} if required else {}),
        "additionalProperties": False,
    }


def kind_schema(kind: ReportKind) -> dict[str, Any]:
    schema = _object(kind.questions, all_optional=kind.reads_given)
    if kind.reads_given:
        schema["description"] = "A new record needs every required answer; a change gives only what changes."
    return schema


def component_name(kind: ReportKind) -> str:
    return "".join(part.title() for part in kind.name.split("_")) + "Payload"


class PayloadSchema(OpenApiSerializerFieldExtension):
    target_class = "minefree.fieldwork.serializers.PayloadField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        refs = []
        for kind in KINDS.values():
            component = ResolvedComponent(
                name=component_name(kind), type=ResolvedComponent.SCHEMA, object=kind.name, schema=kind_schema(kind)
            )
            auto_schema.registry.register_on_missing(component)
            refs.append(component.ref)
        return {"oneOf": refs, "description": "The report's answers; their shape is the schema of its kind."}
