"""How a layer is drawn, as data: rules a GIS file's style is built from (`qml.py`, `sld.py`).

A `Look` is a list of rules; a feature is drawn by every rule it matches, in order, so a hazardous
area gets its fill from its classification and its outline from its status, as on the web map.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Rule:
    label: Any  # the legend's words (a lazy translation is fine: read when the style is built)
    fill: str | None = None  # "#RRGGBB", or None for no fill
    outline: str | None = None  # "#RRGGBB", or None for no outline
    field: str | None = None  # the rule matches features whose `field` equals `value`; None: all
    value: str | None = None
    dash: str = ""  # the web map's dashArray ("6 4"), empty for a continuous line
    brush: str = "solid"  # QGIS brush: solid, f_diagonal, b_diagonal, diagonal_x, cross, ...
    opacity: float = 0.5  # of the fill, as the web map's fillOpacity
    width: float = 0.6  # of the outline, in millimetres


@dataclass(frozen=True)
class Look:
    rules: tuple[Rule, ...]

    def renamed(self, names: Mapping[str, str]) -> Look:
        """The same look on a layer whose fields were renamed (a Shapefile's 10-character names)."""
        return Look(tuple(replace(r, field=names.get(r.field, r.field)) if r.field else r for r in self.rules))


def single(label: Any, colour: str, *, fill: bool = True, dash: str = "", opacity: float = 0.5) -> Look:
    """Every feature alike: an outlined fill, or an outline alone (`fill=False`)."""
    return Look((Rule(label, colour if fill else None, colour, dash=dash, opacity=opacity),))


def hex_rgba(colour: str, opacity: float = 1.0) -> str:
    """ "#FF0000" and 0.5 as QGIS writes a colour: "255,0,0,128"."""
    text = colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"colour {colour!r} is not #RRGGBB")
    red, green, blue = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return f"{red},{green},{blue},{round(opacity * 255)}"
