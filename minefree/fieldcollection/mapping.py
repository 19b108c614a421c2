"""An instance's answers as a field report's payload, by the types the XForm declares."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.fieldcollection import instance
from minefree.fieldcollection.models import XForm

MEDIA_TYPES = {"binary"}


def bind_types(form: XForm) -> dict[str, str]:
    """Answer name -> XForm type (geoshape, geotrace, geopoint, date, binary, ...)."""
    return {
        path.rsplit("/", 1)[-1]: kind for path, kind in re.findall(r'<bind nodeset="([^"]+)" type="([^"]+)"', form.xml)
    }


def repeats(form: XForm) -> set[str]:
    return {path.rsplit("/", 1)[-1] for path in re.findall(r'<repeat nodeset="([^"]+)"', form.xml)}


# A geopoint's altitude and accuracy, kept beside it in the report: ODK sends "lat lon alt acc".
ALTITUDE, ACCURACY = "_altitude_m", "_accuracy_m"


def answer_names(form: XForm) -> set[str]:
    """Every answer the form declares (groups and repeats included): the keys its reports may carry,
    with a geopoint's altitude and accuracy."""
    types = bind_types(form)
    points = {name + suffix for name, kind in types.items() if kind == "geopoint" for suffix in (ALTITUDE, ACCURACY)}
    return set(types) | repeats(form) | points


def to_report(form: XForm, answers: dict[str, Any]) -> tuple[dt.date, str | None, dict[str, Any]]:
    """(date of information, hazard reference or None, payload). Every answer is kept."""
    types = bind_types(form)
    payload: dict[str, Any] = {}
    for name, text in answers.items():
        if isinstance(text, list):  # a repeat: its items as they were answered
            payload[name] = text
            continue
        kind = types.get(name, "string")
        if kind == "geoshape":
            payload[name] = instance.geoshape(text, name)
        elif kind == "geopoint":
            payload[name] = instance.geopoint(text, name)
            altitude, accuracy = instance.altitude_accuracy(text)
            if altitude is not None:
                payload[name + ALTITUDE] = altitude
            if accuracy is not None:
                payload[name + ACCURACY] = accuracy
        elif kind == "geotrace":
            payload[name] = instance.geotrace(text, name)
        elif kind in MEDIA_TYPES:
            if text:
                payload.setdefault("attachments", []).append(text)
        elif text != "":
            payload[name] = text
    try:
        day = dt.date.fromisoformat(answers.get("date", ""))
    except ValueError as exc:
        raise ActionError(_("The form has no valid 'date' answer."), field="date") from exc
    return day, payload.pop("hazard", None), payload
