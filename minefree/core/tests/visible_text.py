"""What a page shows people: its text outside scripts and attributes, and the text of each value cell."""

from __future__ import annotations

import re
from html.parser import HTMLParser

CELLS = {"dd", "td", "li"}
# An attribute name or a code: lower-case words joined by underscores (`admin_area`, `ap_mines`).
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.cells: list[str] = []
        self._open: list[list[str]] = []  # the value cells being read, innermost last
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        elif tag in CELLS:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._hidden -= 1
        elif tag in CELLS and self._open:
            self.cells.append(" ".join("".join(self._open.pop()).split()))

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.text.append(data)
        for cell in self._open:
            cell.append(data)


def visible(html: str) -> tuple[str, list[str]]:
    """(the page's visible text, the text of each dd, td and li)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.text), parser.cells


def snake_words(text: str) -> set[str]:
    return set(SNAKE.findall(text))


def values_in(cell: str) -> list[str]:
    """A cell's values: the whole cell, and each side of a history line "Label: before → after"."""
    parts = [cell]
    if ": " in cell:
        parts += [side.strip() for side in cell.split(": ", 1)[1].split(" → ")]
    return parts
