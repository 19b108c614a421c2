"""The SVG charts: round axes, escaped labels, one shape per value, pixel numbers with one decimal at most."""

from __future__ import annotations

import re

from minefree.dashboards.charts import Plot, compact, nice_ceiling, render


def test_axis_tops_are_round_numbers():
    assert [nice_ceiling(v) for v in (0, 0.7, 3.2, 5.07e6, 9.9e6, 12)] == [1.0, 0.75, 4, 6e6, 1e7, 15]
    assert [compact(v) for v in (0, 950, 35_000, 1_250_000, 20_000_000)] == ["0", "950", "35k", "1.25M", "20M"]


def test_stacked_bars_draw_each_value_once_and_escape_labels():
    svg = str(render(Plot("bar", ["2019", "<2020>"], [("A & B", [10, 0]), ("C", [5, 7])]), 'x"y'))
    assert svg.startswith("<svg") and 'aria-label="x&quot;y"' in svg
    assert "A &amp; B" in svg and "&lt;2020&gt;" in svg and "<2020>" not in svg
    assert len(re.findall(r"M[\d.]+ [\d.]+h[\d.]+v[\d.]+h-[\d.]+z", svg)) == 3  # three non-zero values
    assert not re.findall(r"\d\.\d{3}", svg)  # nothing that reads like a longitude or latitude


def test_lines_skip_missing_points():
    svg = str(render(Plot("line", ["a", "b", "c"], [("s", [1, None, 3])]), "t"))
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    assert len(points) == 2


def test_every_hxl_tag_follows_the_hashtag_syntax():
    # HXL tagging conventions: #hashtag then +attributes, each a letter then letters, digits or _.
    from minefree.exports.hxl import TAGS

    assert all(re.fullmatch(r"#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*", tag) for tag in TAGS.values())
    assert TAGS["girls_killed"] == "#affected+killed+f+children" and TAGS["women"] == "#reached+f+adults"
