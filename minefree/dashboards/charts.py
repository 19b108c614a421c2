"""Server-rendered SVG charts: stacked bars and lines, a few kilobytes each, no script.

Coordinates are screen pixels rounded to one decimal, so a chart never carries anything that
reads like a longitude or latitude.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe-Ito), one per series in order.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 60, 8, 26, 24


@dataclass(frozen=True)
class Plot:
    """What a chart draws: categories along x, one or more series of values (None: no value)."""

    kind: str  # "bar" (stacked bars) or "line"
    categories: Sequence[str]
    series: Sequence[tuple[str, Sequence[float | None]]] = ()


def nice_ceiling(value: float) -> float:
    """The next round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a power of ten) at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def compact(value: float) -> str:
    """1250000 -> 1.25M, 35000 -> 35k: axis labels that fit."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            text = f"{value / limit:.2f}".rstrip("0").rstrip(".")
            return text + suffix
    return f"{value:g}"


def _fit(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1] + "…"


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _top(plot: Plot) -> float:
    if plot.kind == "bar":
        sums = [sum(v or 0 for v in column) for column in zip(*(values for _, values in plot.series), strict=True)]
        return max(sums, default=0)
    return max((v or 0 for _, values in plot.series for v in values), default=0)


def render(plot: Plot, label: str) -> SafeString:
    """The plot as one inline <svg>, with a legend, y grid and sparse x labels."""
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = 4 * nice_ceiling(_top(plot) / 4)  # four round steps up the y axis
    count = max(len(plot.categories), 1)
    band = inner_w / count

    def y(value: float) -> float:
        return TOP + inner_h - inner_h * value / top

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" '
        f'font-size="11" xmlns="http://www.w3.org/2000/svg">'
    ]
    # Legend along the top.
    x: float = LEFT
    for index, (name, _values) in enumerate(plot.series):
        parts.append(
            f'<rect x="{_n(x)}" y="6" width="10" height="10" fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{_n(x + 14)}" y="15">{escape(name)}</text>'
        )
        x += 26 + 7 * len(name)
    # Y grid and labels.
    parts.append('<g stroke="#ddd">')
    parts += [
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(y(top * i / 4))}" y2="{_n(y(top * i / 4))}"/>'
        for i in range(5)
    ]
    parts.append('</g><g text-anchor="end">')
    parts += [f'<text x="{LEFT - 4}" y="{_n(y(top * i / 4) + 4)}">{compact(top * i / 4)}</text>' for i in range(5)]
    parts.append('</g><g text-anchor="middle">')
    every = math.ceil(count / 12)
    room = max(int(band * every / 6.2), 4)  # characters that fit under a bar
    parts += [
        f'<text x="{_n(LEFT + band * (i + 0.5))}" y="{HEIGHT - 8}">{escape(_fit(name, room))}</text>'
        for i, name in enumerate(plot.categories)
        if i % every == 0
    ]
    parts.append("</g>")
    if plot.kind == "bar":
        parts += _bars(plot, band, y)
    else:
        parts += _lines(plot, band, y)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label above is escaped


def _bars(plot: Plot, band: float, to_y: Callable[[float], float]) -> list[str]:
    """One <path> per series (a rectangle per bar as M x y h w v h h -w z): a third of the bytes of <rect>s."""
    width = max(band * 0.7, 1)
    base = [0.0] * len(plot.categories)
    out = []
    for index, (_name, values) in enumerate(plot.series):
        commands = []
        for i, value in enumerate(values):
            if not value:
                continue
            y_top, y_bottom = to_y(base[i] + value), to_y(base[i])
            x = LEFT + band * i + (band - width) / 2
            commands.append(f"M{_n(x)} {_n(y_top)}h{_n(width)}v{_n(max(y_bottom - y_top, 0.5))}h-{_n(width)}z")
            base[i] += value
        out.append(f'<path fill="{PALETTE[index % len(PALETTE)]}" d="{"".join(commands)}"/>')
    return out


def _lines(plot: Plot, band: float, to_y: Callable[[float], float]) -> list[str]:
    out = []
    for index, (_name, values) in enumerate(plot.series):
        points = " ".join(
            f"{_n(LEFT + band * (i + 0.5))},{_n(to_y(value))}" for i, value in enumerate(values) if value is not None
        )
        colour = PALETTE[index % len(PALETTE)]
        dash = ' stroke-dasharray="5 4"' if index else ""
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{points}"/>')
    return out
