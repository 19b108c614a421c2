"""Server-rendered SVG charts: stacked bars and lines, a few kilobytes each, no script.

Coordinates are screen pixels rounded to one decimal, so a chart never carries anything that
reads like a longitude or latitude.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

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
    links: Sequence[str] = ()  # one address per category: the whole column links there (drill-down)


def nice_ceiling(value: float) -> float:
    """The next round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 times a power of ten) at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _short(value: float) -> str:
    """Up to two decimals, none when whole, with the reader's decimal separator ("1,25" in Russian)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(float(text), decimals, use_l10n=True, force_grouping=True)


def compact(value: float) -> str:
    """1250000 -> 1.25M, 35000 -> 35k (1,25 млн, 35 тыс. in Russian): axis labels that fit."""
    units = ((1e9, _("%(n)sG")), (1e6, _("%(n)sM")), (1e3, _("%(n)sk")))
    for limit, text in units:
        if abs(value) >= limit:
            return text % {"n": _short(value / limit)}
    return _short(value)


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
    """The plot as one inline <svg>, with a legend, y grid and sparse x labels.

    Every element goes through format_html, which escapes each value it is given (labels, series
    and category names come from the data), so the chart holds no markup but its own.
    """
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = 4 * nice_ceiling(_top(plot) / 4)  # four round steps up the y axis
    count = max(len(plot.categories), 1)
    band = inner_w / count

    def y(value: float) -> float:
        return TOP + inner_h - inner_h * value / top

    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="{}" aria-label="{}" '
            'font-size="11" xmlns="http://www.w3.org/2000/svg">',
            WIDTH,
            HEIGHT,
            # An image may not hold links (axe: nested-interactive); a chart whose columns link is a group.
            "group" if any(plot.links) else "img",
            label,
        )
    ]
    # Legend along the top.
    x: float = LEFT
    for index, (name, _values) in enumerate(plot.series):
        parts.append(
            format_html(
                '<rect x="{}" y="6" width="10" height="10" fill="{}"/><text x="{}" y="15">{}</text>',
                _n(x),
                PALETTE[index % len(PALETTE)],
                _n(x + 14),
                name,
            )
        )
        x += 26 + 7 * len(name)
    # Y grid and labels.
    parts.append(SafeString('<g stroke="#ddd">'))
    parts += [
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}"/>', LEFT, WIDTH - RIGHT, _n(y(top * i / 4)), _n(y(top * i / 4))
        )
        for i in range(5)
    ]
    parts.append(SafeString('</g><g text-anchor="end">'))
    parts += [
        format_html('<text x="{}" y="{}">{}</text>', LEFT - 4, _n(y(top * i / 4) + 4), compact(top * i / 4))
        for i in range(5)
    ]
    parts.append(SafeString('</g><g text-anchor="middle">'))
    every = math.ceil(count / 12)
    room = max(int(band * every / 6.2), 4)  # characters that fit under a bar
    parts += [
        format_html('<text x="{}" y="{}">{}</text>', _n(LEFT + band * (i + 0.5)), HEIGHT - 8, _fit(name, room))
        for i, name in enumerate(plot.categories)
        if i % every == 0
    ]
    parts.append(SafeString("</g>"))
    if plot.kind == "bar":
        parts += _bars(plot, band, y)
    else:
        parts += _lines(plot, band, y)
    parts += _column_links(plot, band)
    parts.append(SafeString("</svg>"))
    return format_html_join("", "{}", ((part,) for part in parts))


def _bars(plot: Plot, band: float, to_y: Callable[[float], float]) -> list[SafeString]:
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
        out.append(format_html('<path fill="{}" d="{}"/>', PALETTE[index % len(PALETTE)], "".join(commands)))
    return out


def _lines(plot: Plot, band: float, to_y: Callable[[float], float]) -> list[SafeString]:
    out = []
    for index, (_name, values) in enumerate(plot.series):
        points = " ".join(
            f"{_n(LEFT + band * (i + 0.5))},{_n(to_y(value))}" for i, value in enumerate(values) if value is not None
        )
        colour = PALETTE[index % len(PALETTE)]
        dash = SafeString(' stroke-dasharray="5 4"') if index else ""
        out.append(
            format_html('<polyline fill="none" stroke="{}" stroke-width="2"{} points="{}"/>', colour, dash, points)
        )
    return out


def _column_links(plot: Plot, band: float) -> list[SafeString]:
    """A transparent rectangle over each category's column, linking to its address, on top of the bars."""
    return [
        format_html(
            '<a href="{}" aria-label="{}">'
            '<rect class="drill" x="{}" y="{}" width="{}" height="{}" fill="transparent"/></a>',
            link,
            name,
            _n(LEFT + band * i),
            TOP,
            _n(band),
            HEIGHT - TOP,  # the column and its label underneath
        )
        for i, (name, link) in enumerate(zip(plot.categories, plot.links, strict=False))
        if link
    ]
