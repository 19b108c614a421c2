"""A small CQL2 text reader (OGC 21-065): comparisons, AND/OR/NOT, LIKE, IN, BETWEEN, IS NULL and
S_INTERSECTS with a WKT or BBOX literal, on a collection's declared properties only.

The text becomes a Django `Q` (never SQL written as text); every value is typed by its property's
schema, and anything else is a 400 on `filter` saying where the text went wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.geos import GEOSException, GEOSGeometry, Polygon
from django.db.models import Q
from django.utils.translation import gettext as _

from minefree.ogcapi.crs import Crs
from minefree.ogcapi.errors import BadParameter
from minefree.ogcapi.values import typed

MAX_LENGTH = 10_000
MAX_DEPTH = 40
TOKEN = re.compile(
    r"""\s*(?:
    (?P<string>'(?:[^']|'')*')
    |(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    |(?P<quoted>"[^"]+")
    |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<op><>|<=|>=|=|<|>|\(|\)|,)
    )""",
    re.VERBOSE,
)
COMPARISONS = {"=": "exact", "<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}
WKT_TYPES = {"POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else self.text


def tokens(text: str) -> list[Token]:
    found, at = [], 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = TOKEN.match(text, at)
        if match is None or match.end() == at:
            raise _error(text, at, _("a character it cannot read"))
        kind = match.lastgroup or ""
        found.append(Token(kind, match.group(kind), match.start(kind), match.end()))
        at = match.end()
    return found


def _error(text: str, at: int, what: str) -> BadParameter:
    return BadParameter(
        "filter",
        _("The filter has %(what)s at character %(at)s: “%(near)s”.")
        % {"what": what, "at": at + 1, "near": text[at : at + 30]},
    )


class Reader:
    """Recursive descent over the tokens; `properties` maps each filterable name to (path, schema)."""

    def __init__(self, text: str, properties: dict[str, tuple[str, dict[str, Any]]], geometry: str, crs: Crs):
        if len(text) > MAX_LENGTH:
            raise BadParameter("filter", _("The filter is longer than %(max)s characters.") % {"max": MAX_LENGTH})
        self.text, self.properties, self.geometry, self.crs = text, properties, geometry, crs
        self.tokens = tokens(text)
        self.at = 0
        self.depth = 0

    def read(self) -> Q:
        if not self.tokens:
            raise BadParameter("filter", _("The filter is empty."))
        q = self.disjunction()
        if self.at < len(self.tokens):
            raise self.fail(_("more after a complete condition"))
        return q

    # -- tokens
    def peek(self, offset: int = 0) -> Token | None:
        i = self.at + offset
        return self.tokens[i] if i < len(self.tokens) else None

    def fail(self, what: str) -> BadParameter:
        token = self.peek()
        return _error(self.text, token.start if token else len(self.text), what)

    def take(self, what: str | None = None, word: str | None = None) -> Token:
        """The next token; `word`: it must be that keyword or sign. `what` says what was expected."""
        token = self.peek()
        expected = what or word or _("more")
        if token is None:
            raise _error(
                self.text, len(self.text), _("an end where %(expected)s was expected") % {"expected": expected}
            )
        if word is not None and token.upper != word:
            raise self.fail(
                _("“%(found)s” where %(expected)s was expected") % {"found": token.text, "expected": expected}
            )
        self.at += 1
        return token

    def accept(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token.upper == word:
            self.at += 1
            return True
        return False

    # -- grammar
    def disjunction(self) -> Q:
        q = self.conjunction()
        while self.accept("OR"):
            q = q | self.conjunction()
        return q

    def conjunction(self) -> Q:
        q = self.negation()
        while self.accept("AND"):
            q = q & self.negation()
        return q

    def negation(self) -> Q:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(_("conditions nested too deeply"))
        try:
            if self.accept("NOT"):
                return ~self.negation()
            return self.predicate()
        finally:
            self.depth -= 1

    def predicate(self) -> Q:
        if self.accept("("):
            q = self.disjunction()
            self.take(word=")")
            return q
        token = self.peek()
        if token is not None and token.upper in ("S_INTERSECTS", "INTERSECTS"):
            return self.intersects()
        path, schema, name = self.property()
        return self.comparison(path, schema, name)

    def property(self) -> tuple[str, dict[str, Any], str]:
        token = self.take(_("a property name"))
        if token.kind not in ("word", "quoted"):
            raise _error(
                self.text, token.start, _("“%(found)s” where a property name was expected") % {"found": token.text}
            )
        name = token.text.strip('"')
        if name not in self.properties:
            raise _error(
                self.text,
                token.start,
                _("%(name)s, which is not a property of this collection (it has %(known)s)")
                % {"name": name, "known": ", ".join(sorted(self.properties))},
            )
        path, schema = self.properties[name]
        return path, schema, name

    def comparison(self, path: str, schema: dict[str, Any], name: str) -> Q:
        negated = self.accept("NOT")
        token = self.peek()
        if token is None:
            raise self.fail(_("an end where an operator was expected"))
        present = Q(**{f"{path}__isnull": False})
        if token.upper == "LIKE":
            self.take()
            if schema.get("type") != "string" or schema.get("format"):
                raise self.fail(_("LIKE on %(name)s, which is not text") % {"name": name})
            q = Q(**{f"{path}__regex": like_pattern(self.value(schema, name))})
        elif token.upper == "IN":
            self.take()
            self.take(word="(")
            values = [self.value(schema, name)]
            while self.accept(","):
                values.append(self.value(schema, name))
            self.take(word=")")
            q = Q(**{f"{path}__in": values})
        elif token.upper == "BETWEEN":
            self.take()
            low = self.value(schema, name)
            self.take(word="AND")
            q = Q(**{f"{path}__range": (low, self.value(schema, name))})
        elif token.upper == "IS" and not negated:
            self.take()
            missing = not self.accept("NOT")
            self.take(word="NULL")
            return Q(**{f"{path}__isnull": missing})
        elif token.text in COMPARISONS and not negated:
            self.take()
            return Q(**{f"{path}__{COMPARISONS[token.text]}": self.value(schema, name)})
        elif token.text == "<>" and not negated:
            self.take()
            return present & ~Q(**{path: self.value(schema, name)})
        else:
            raise self.fail(
                _("“%(found)s” where an operator (=, <>, <, <=, >, >=, LIKE, IN, BETWEEN, IS) was expected")
                % {"found": token.text}
            )
        return present & ~q if negated else q

    def value(self, schema: dict[str, Any], name: str) -> Any:
        token = self.take(_("a value"))
        if token.kind == "string":
            raw: Any = token.text[1:-1].replace("''", "'")
        elif token.kind == "number":
            raw = float(token.text) if any(c in token.text for c in ".eE") else int(token.text)
        elif token.upper in ("TRUE", "FALSE"):
            raw = token.upper == "TRUE"
        elif token.upper in ("DATE", "TIMESTAMP"):
            self.take(word="(")
            inner = self.take(_("a quoted date"))
            self.take(word=")")
            text = inner.text[1:-1] if inner.kind == "string" else ""
            try:
                raw = (
                    dt.date.fromisoformat(text)
                    if token.upper == "DATE"
                    else dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
                )
            except ValueError:
                raise _error(
                    self.text, inner.start, _("“%(found)s”, which is not a date") % {"found": inner.text}
                ) from None
        else:
            raise _error(self.text, token.start, _("“%(found)s” where a value was expected") % {"found": token.text})
        return typed(schema, raw, "filter", name)

    def intersects(self) -> Q:
        self.take()
        self.take(word="(")
        token = self.take(_("the geometry property"))
        if token.text.strip('"') != "geometry":
            raise _error(self.text, token.start, _("“%(found)s” where geometry was expected") % {"found": token.text})
        self.take(word=",")
        shape = self.geometry_literal()
        self.take(word=")")
        return Q(**{f"{self.geometry}__intersects": shape})

    def geometry_literal(self) -> GEOSGeometry:
        token = self.take(_("a geometry (WKT or BBOX)"))
        if token.upper == "BBOX":
            self.take(word="(")
            numbers = [self.number()]
            while self.accept(","):
                numbers.append(self.number())
            self.take(word=")")
            if len(numbers) == 6:
                numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
            if len(numbers) != 4:
                raise _error(self.text, token.start, _("a BBOX without four numbers"))
            if self.crs.lat_first:
                numbers = [numbers[1], numbers[0], numbers[3], numbers[2]]
            shape: GEOSGeometry = Polygon.from_bbox((numbers[0], numbers[1], numbers[2], numbers[3]))
        elif token.upper in WKT_TYPES:
            depth, end = 0, token.end
            while True:
                part = self.take(_("the rest of the geometry"))
                depth += {"(": 1, ")": -1}.get(part.text, 0)
                if part.kind not in ("number", "op", "word"):
                    raise _error(self.text, part.start, _("“%(found)s” inside a geometry") % {"found": part.text})
                end = part.end
                if depth == 0:
                    break
            try:
                shape = GEOSGeometry(self.text[token.start : end])
            except (GEOSException, ValueError):
                raise _error(self.text, token.start, _("a geometry that cannot be read")) from None
            if self.crs.lat_first:
                shape = GEOSGeometry(swap_axes(shape.wkt))
        else:
            raise _error(self.text, token.start, _("“%(found)s” where a geometry was expected") % {"found": token.text})
        shape.srid = self.crs.srid
        if self.crs.srid != 4326:
            shape.transform(4326)
        return shape

    def number(self) -> float:
        token = self.take(_("a number"))
        if token.kind != "number":
            raise _error(self.text, token.start, _("“%(found)s” where a number was expected") % {"found": token.text})
        return float(token.text)


def swap_axes(wkt: str) -> str:
    """Each coordinate pair in WKT with its two numbers swapped (EPSG:4326 writes latitude first)."""
    return re.sub(r"(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)", r"\2 \1", wkt)


def like_pattern(pattern: str) -> str:
    """A CQL2 LIKE pattern (% any run, _ one character, \\ escapes) as an anchored regular expression."""
    out, escaped = [], False
    for char in pattern:
        if escaped:
            out.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            out.append(".*")
        elif char == "_":
            out.append(".")
        else:
            out.append(re.escape(char))
    return "^" + "".join(out) + "$"


def parse(text: str, properties: dict[str, tuple[str, dict[str, Any]]], geometry: str, crs: Crs) -> Q:
    return Reader(text, properties, geometry, crs).read()
