"""API shapes for the disaster overlay: an affected area in, the overlay out as GeoJSON."""

from __future__ import annotations

import json
from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from minefree.core.geometry_input import POLYGONAL, GeoJSONGeometryField
from minefree.disaster.models import MAX_DISTANCE_M, AffectedArea, Kind
from minefree.disaster.results import HAZARD_FIELDS, RELEASED_FIELDS, Overlay

DISTANCE_HELP = (
    "Also list what lies within this many metres of the affected area (0 to %d): the shortest distance "
    "between outlines, measured in the UTM zone of the affected area's centroid." % MAX_DISTANCE_M
)


class AffectedAreaSerializer(GeoFeatureModelSerializer):
    organisation = serializers.CharField(source="organisation.acronym", read_only=True, default=None)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    area_m2 = serializers.SerializerMethodField()

    class Meta:
        model = AffectedArea
        geo_field = "geometry"
        fields = [
            "id",
            "name",
            "kind",
            "event_date",
            "distance_m",
            "area_m2",
            "organisation",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_area_m2(self, obj: AffectedArea) -> int:
        return round(obj.area_m2)


class AffectedAreaWrite(serializers.Serializer[Any]):
    # Plain fields: the named action checks them and answers with the field's name (400 {"errors": ...}).
    name = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.CharField(required=False, allow_blank=True, default="", help_text=", ".join(Kind.values))
    event_date = serializers.DateField(required=False, allow_null=True, default=None)
    distance_m = serializers.FloatField(required=False, allow_null=True, default=0, help_text=DISTANCE_HELP)
    geometry = GeoJSONGeometryField(
        kinds=POLYGONAL,
        required=False,
        allow_null=True,
        default=None,
        help_text="GeoJSON polygon or multipolygon, WGS 84",
    )


class OverlaySerializer(serializers.Serializer[Any]):
    """Documents the answer: the affected area and two GeoJSON FeatureCollections, nearest first."""

    affected_area = AffectedAreaSerializer()
    data_as_of = serializers.DateTimeField()
    distance_measured_in = serializers.CharField(help_text="EPSG code of the UTM zone distances are measured in")
    counts = serializers.DictField(child=serializers.IntegerField())
    next = serializers.URLField(
        allow_null=True, help_text="the next page of both lists (same counts), or null when this is the last"
    )
    hazards = serializers.JSONField(help_text="FeatureCollection: " + ", ".join(HAZARD_FIELDS))
    released_land = serializers.JSONField(help_text="FeatureCollection: " + ", ".join(RELEASED_FIELDS))


PAGE_PARAMETERS = [
    OpenApiParameter("page_size", int, description="rows of each list in one answer, 1 to 1000 (default 1000)"),
    OpenApiParameter("offset", int, description="rows of each list to skip: follow `next` rather than count"),
]


def _features(rows: list[dict[str, Any]], names: tuple[str, ...]) -> dict[str, Any]:
    features = []
    for row in rows:
        properties = {name: row[name] for name in names if name != "id"}
        properties["distance_m"] = properties.pop("distance")
        for key, value in properties.items():
            if hasattr(value, "isoformat"):
                properties[key] = value.isoformat()
        features.append(
            {"type": "Feature", "id": row["id"], "properties": properties, "geometry": json.loads(row["shape"])}
        )
    return {"type": "FeatureCollection", "features": features}


def overlay_answer(result: Overlay, next_page: str | None = None) -> dict[str, Any]:
    return {
        "affected_area": AffectedAreaSerializer(result.area).data,
        "data_as_of": result.as_of.isoformat(),
        "distance_measured_in": f"EPSG:{result.zone.local.srid}",
        "counts": {
            "hazards": result.hazard_count,
            "hazards_inside": result.hazards_inside,
            "released_land": result.released_count,
        },
        "next": next_page,
        "hazards": _features(result.hazards, HAZARD_FIELDS),
        "released_land": _features(result.released, RELEASED_FIELDS),
    }
