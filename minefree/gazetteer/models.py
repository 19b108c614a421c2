"""Countries, admin areas (levels 1 and 2) and places: where things are."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.gis.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minefree.core.models import RestrictedManager


def localized(name: str, names: Any) -> str:
    """`name` in the active language when `names` ({"ru": ..., "tg": ...}) has it, else as recorded."""
    language = (get_language() or "").lower()
    if isinstance(names, dict):
        for key in (language, language.split("-")[0]):
            value = names.get(key)
            if isinstance(value, str) and value.strip():
                return value
    return name


class Country(models.Model):
    code = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)
    # Boundaries drawn for the demo or from rough sources say so on every map and report.
    approximate = models.BooleanField(_("approximate boundary"), default=False)
    # Where "today" is decided for the home country's records (IANA name, e.g. Asia/Dushanbe).
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # The name in other languages, by language code ({"ru": "Таджикистан"}); `name` is the default.
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)
    # The projected systems the centre works in (EPSG codes, e.g. [32642, 32643] for UTM 42N and 43N):
    # exports offer them beside WGS 84. Empty: the UTM zones the boundary spans (`home.working_srids`).
    working_srids = models.JSONField(_("working coordinate systems (EPSG codes)"), default=list, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.names)


class AdminArea(models.Model):
    class Level(models.IntegerChoices):
        REGION = 1, _("Region / province (level 1)")
        DISTRICT = 2, _("District (level 2)")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="admin_areas", verbose_name=_("country")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    # Up to 50: geoBoundaries ADM2 files have no ISO code, and their shapeID (the code) runs to 23 characters.
    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    boundary = models.MultiPolygonField(_("boundary"), srid=4326)
    approximate = models.BooleanField(_("approximate boundary"), default=False)
    names = models.JSONField(_("names in other languages"), default=dict, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["country__name", "level", "name"]
        verbose_name = _("admin area")
        verbose_name_plural = _("admin areas")

    def __str__(self) -> str:
        if self.approximate:
            return str(_("%(name)s (approximate)") % {"name": self.display_name})
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.name, self.names)

    def region(self) -> AdminArea:
        return self.parent if self.parent_id and self.parent else self


def area_ids_within(areas: Iterable[int]) -> list[int]:
    """`areas` and the areas inside them (a region's districts), as ids: filters test a row's own area
    id against this short list, which an index answers, instead of its area's parent across a join."""
    wanted = set(areas)
    if not wanted:
        return []
    inside = AdminArea.objects.filter(parent_id__in=wanted).values_list("pk", flat=True).order_by()
    return sorted(wanted | set(inside))


class Place(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=40, default="village")
    location = models.PointField(_("location"), srid=4326)
    admin_area = models.ForeignKey(
        AdminArea,
        on_delete=models.PROTECT,
        related_name="places",
        null=True,
        blank=True,
        verbose_name=_("admin area"),
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.name
