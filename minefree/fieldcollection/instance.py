"""Reading an OpenRosa instance: answers by name, geometries from ODK's 'lat lon alt acc' text."""

from __future__ import annotations

import copy
import hashlib
import math
from typing import Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from minefree.core.errors import ActionError

META = {"instanceID", "deprecatedID", "instanceName", "timeStart", "timeEnd", "audit"}


def parse(xml: bytes) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ActionError(_("The submission is not well-formed XML: %(reason)s") % {"reason": exc}) from exc


def _name(element: ElementTree.Element) -> str:
    return element.tag.split("}")[-1]


def meta(root: ElementTree.Element) -> dict[str, str]:
    return {_name(e): (e.text or "").strip() for e in root.iter() if _name(e) in META and not len(e)}


def answers(root: ElementTree.Element, repeats: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """Answers by field name; groups are flattened, each repeat becomes a list of its answers."""
    found: dict[str, Any] = {}

    def walk(parent: ElementTree.Element, into: dict[str, Any]) -> None:
        for element in parent:
            name = _name(element)
            if name == "meta" or name in META:
                continue
            if name in repeats:
                item: dict[str, Any] = {}
                walk(element, item)
                found.setdefault(name, []).append(item)
            elif len(element):
                walk(element, into)
            else:
                into[name] = (element.text or "").strip()

    walk(root, found)
    return found


def _points(text: str, field: str) -> list[list[float]]:
    points = []
    for n, chunk in enumerate(p for p in text.split(";") if p.strip()):
        parts = chunk.split()
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except (IndexError, ValueError) as exc:
            raise ActionError(
                _("Point %(n)s of %(field)s is not 'latitude longitude'.") % {"n": n + 1, "field": field}, field=field
            ) from exc
        if not (abs(lat) <= 90 and abs(lon) <= 180):  # also refuses nan and inf; altitude, accuracy unread
            raise ActionError(
                _("Point %(n)s of %(field)s is outside latitude -90..90 / longitude -180..180.")
                % {"n": n + 1, "field": field},
                field=field,
            )
        points.append([lon, lat])
    return points


def geopoint(text: str, field: str) -> dict[str, Any] | None:
    if not text:
        return None
    return {"type": "Point", "coordinates": _points(text, field)[0]}


def altitude_accuracy(text: str) -> tuple[str | None, str | None]:
    """A geopoint's altitude (metres above the ellipsoid) and accuracy (metres) in whole metres, as
    answers are, text, where the phone sent them: "lat lon alt acc" (Collect's accuracy comes with a
    dozen decimals; a metre is finer than any phone's GPS)."""
    values: list[str | None] = []
    for part in text.split()[2:4]:
        try:
            number = float(part)
        except ValueError:
            number = math.nan
        values.append(str(round(number)) if math.isfinite(number) else None)
    values += [None] * (2 - len(values))
    return values[0], values[1]


def geoshape(text: str, field: str) -> dict[str, Any] | None:
    """An ODK geoshape (closed ring of 'lat lon alt acc' points) as a GeoJSON polygon."""
    if not text:
        return None
    ring = _points(text, field)
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def geotrace(text: str, field: str) -> dict[str, Any] | None:
    """An ODK geotrace (a walked line: a fence, a lane, a road) as a GeoJSON line string."""
    if not text:
        return None
    line = _points(text, field)
    if len({tuple(p) for p in line}) < 2:
        raise ActionError(_("%(field)s needs at least two different points.") % {"field": field}, field=field)
    return {"type": "LineString", "coordinates": line}


SEALED_MARK = "sealed:"
# Prefixes ODK Collect and Enketo write, kept when a stored instance is written back out.
for _prefix, _uri in {
    "jr": "http://openrosa.org/javarosa",
    "orx": "http://openrosa.org/xforms",
    "odk": "http://www.opendatakit.org/xforms",
}.items():
    ElementTree.register_namespace(_prefix, _uri)


def sealed_xml(root: ElementTree.Element, names: tuple[str, ...] | set[str] | None) -> str:
    """The instance as text with the answers in `names` (None: every answer) encrypted.

    Personal data is never stored in clear; the parsed instance itself is left as it was.
    """
    from minefree.core.crypto import seal

    root = copy.deepcopy(root)
    for element in root.iter():
        if names is not None and _name(element) not in names:
            continue
        if names is None and _name(element) in META:
            continue
        text = element.text or ""
        if not len(element) and text.strip() and not is_sealed(text):
            element.text = SEALED_MARK + seal(text)
    return ElementTree.tostring(root, encoding="unicode")


def is_sealed(text: str) -> bool:
    return text.startswith(SEALED_MARK)


def digest(root: ElementTree.Element) -> str:
    """SHA-256 of the instance in canonical XML (C14N 2.0, text stripped).

    Two sends of the same instance agree whatever the declaration, attribute order, quoting or
    indentation, while any changed, added or removed answer (meta included) changes the digest.
    Raw bytes would call a client that re-serialises the same answers a conflict; comparing
    only `answers()` would miss attributes and meta.
    """
    text = ElementTree.canonicalize(ElementTree.tostring(root, encoding="unicode"), strip_text=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_digest(xml: str) -> str:
    """The digest of an instance as stored, its sealed answers opened (for rows kept before digests)."""
    from minefree.core.crypto import unseal

    root = ElementTree.fromstring(xml)
    for element in root.iter():
        if element.text and is_sealed(element.text):
            element.text = unseal(element.text[len(SEALED_MARK) :])
    return digest(root)
