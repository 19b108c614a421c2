"""Units of measure, declared once per model field (`units = {"area_m2": AREA}` on the model).

A field with a unit is labelled without it ("Area") and its value carries it ("1.25 ha (12,500 m²)");
a column of bare numbers (an export, a table) is headed with it ("Area (m²)").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

HECTARE_M2 = 10_000


def number(value: float | Decimal | int, decimals: int = 0) -> str:
    """A number in the user's language, grouped by thousands, rounded to `decimals`."""
    rounded = (
        value.quantize(Decimal(1).scaleb(-decimals)) if isinstance(value, Decimal) else round(float(value), decimals)
    )
    return formats.number_format(rounded, decimals, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Unit:
    symbol: Any  # what a heading adds in brackets: "m²", "cm", "USD"
    decimals: int = 0

    def words(self, value: float | Decimal | int) -> str:
        return f"{number(value, self.decimals)} {self.symbol}"


@dataclass(frozen=True)
class Area(Unit):
    """Square metres, with hectares first once the area reaches one."""

    def words(self, value: float | Decimal | int) -> str:
        m2 = f"{number(value)} {self.symbol}"
        if abs(float(value)) < HECTARE_M2:
            return m2
        return _("%(ha)s ha (%(m2)s)") % {"ha": number(float(value) / HECTARE_M2, 2), "m2": m2}


@dataclass(frozen=True)
class Money(Unit):
    """An amount in a currency: cents only when there are any."""

    def words(self, value: float | Decimal | int) -> str:
        decimals = 0 if value == int(value) else 2
        return f"{number(value, decimals)} {self.symbol}"


AREA = Area("m²")
CENTIMETRES = Unit(_("cm"))
USD = Money("USD")


def unit_of(model: type[models.Model], name: str) -> Unit | None:
    units: dict[str, Unit] = getattr(model, "units", {})
    return units.get(name)
