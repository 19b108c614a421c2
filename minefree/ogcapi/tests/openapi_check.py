"""Checks a response against the service's own OpenAPI 3.0 document with jsonschema: the path's
schema for the status, OpenAPI's `nullable` read as JSON Schema's null type."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7


def as_json_schema(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: as_json_schema(v) for k, v in node.items() if k != "nullable"}
        if node.get("nullable"):
            if "type" in out:
                out["type"] = [out["type"], "null"]
                if "enum" in out:
                    out["enum"] = [*out["enum"], None]
            else:
                out = {"anyOf": [out, {"type": "null"}]}
        return out
    if isinstance(node, list):
        return [as_json_schema(v) for v in node]
    return node


def check(document: dict[str, Any], path: str, status: int, body: Any) -> None:
    """Raises jsonschema's ValidationError when `body` is not what the document promises."""
    operation = document["paths"][path]["get"]
    answer = operation["responses"][str(status)]
    (media,) = answer["content"].values()
    root = as_json_schema(document)
    registry = Registry().with_resource("urn:ogc", Resource(root, specification=DRAFT7))
    ref = media["schema"].get("$ref")
    schema = {"$ref": f"urn:ogc{ref}"} if ref else as_json_schema(media["schema"])
    Draft7Validator(schema, registry=registry).validate(body)
