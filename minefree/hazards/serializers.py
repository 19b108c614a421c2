"""API shapes for hazardous areas and land release: GeoJSON features out, plain fields in."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from minefree.core.geometry_input import POLYGONAL, GeoJSONGeometryField
from minefree.core.limits import MAX_TEXT
from minefree.core.models import AuditEntry
from minefree.gazetteer.models import AdminArea
from minefree.hazards.models import (
    Classification,
    Contamination,
    HazardArea,
    LandReleaseActivity,
    Method,
    ReleaseKind,
    Status,
)
from minefree.organisations.models import Organisation, Team


class HazardAreaSerializer(GeoFeatureModelSerializer):
    admin_area_name = serializers.CharField(source="admin_area.name", read_only=True)
    operator_acronym = serializers.CharField(source="operator.acronym", read_only=True, default=None)
    area_m2 = serializers.SerializerMethodField()

    class Meta:
        model = HazardArea
        geo_field = "geometry"
        fields = [
            "id",
            "reference",
            "name",
            "classification",
            "contamination",
            "status",
            "area_m2",
            "mechanical_suitable",
            "admin_area",
            "admin_area_name",
            "operator",
            "operator_acronym",
            "recorded_on",
            "description",
            "version",
        ]
        read_only_fields = fields

    def get_area_m2(self, obj: HazardArea) -> int:
        return round(obj.area_m2)


class HazardAreaWrite(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    admin_area = serializers.PrimaryKeyRelatedField(queryset=AdminArea.objects.filter(level=2))
    operator = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.OPERATOR), required=False, allow_null=True
    )
    classification = serializers.ChoiceField(choices=Classification.choices)
    contamination = serializers.ChoiceField(choices=Contamination.choices)
    geometry = GeoJSONGeometryField(kinds=POLYGONAL)
    recorded_on = serializers.DateField()
    mechanical_suitable = serializers.BooleanField(default=False)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_TEXT)
    confirm = serializers.BooleanField(default=False, help_text="Accept the warnings (overlap, long gap).")


class HazardAreaChange(serializers.Serializer[Any]):
    version = serializers.IntegerField(help_text="The version you read; a newer one on the server answers 409.")
    effective_date = serializers.DateField(help_text="Date of information of the change.")
    name = serializers.CharField(max_length=200, required=False)
    operator = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.OPERATOR), required=False, allow_null=True
    )
    classification = serializers.ChoiceField(choices=Classification.choices, required=False)
    contamination = serializers.ChoiceField(choices=Contamination.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    geometry = GeoJSONGeometryField(required=False, kinds=POLYGONAL)
    mechanical_suitable = serializers.BooleanField(required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)
    confirm = serializers.BooleanField(default=False)


class LandReleaseSerializer(GeoFeatureModelSerializer):
    hazard_reference = serializers.CharField(source="hazard.reference", read_only=True)
    area_m2 = serializers.SerializerMethodField()

    class Meta:
        model = LandReleaseActivity
        geo_field = "geometry"
        fields = [
            "id",
            "reference",
            "hazard",
            "hazard_reference",
            "organisation",
            "team",
            "kind",
            "method",
            "area_m2",
            "start_date",
            "end_date",
            "depth_cm",
        ]
        read_only_fields = fields

    def get_area_m2(self, obj: LandReleaseActivity) -> int:
        return round(obj.area_m2)


class LandReleaseWrite(serializers.Serializer[Any]):
    hazard = serializers.PrimaryKeyRelatedField(queryset=HazardArea.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=ReleaseKind.choices)
    method = serializers.ChoiceField(choices=Method.choices)
    geometry = GeoJSONGeometryField(kinds=POLYGONAL)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    depth_cm = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    user = serializers.CharField(source="user.username", default=None, read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["time", "user", "action", "object_repr", "before", "after"]
