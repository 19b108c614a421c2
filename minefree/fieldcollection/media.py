"""The CSV lists a form downloads with its manifest, for selects that work offline.

Every list is scoped by the user's rights through `restrict`; the tasks are those of the
organisation the user sends reports for (the one a submission is filed under).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpResponse

from minefree.core.permissions import Action, Capability, DataClass, grants, organisations_with
from minefree.fieldcollection.offline_maps import geopoint, hazards_geojson, outline, remaining_hazards, spot
from minefree.gazetteer.models import AdminArea, Place
from minefree.hazards.models import REMAINING, HazardArea, Status
from minefree.organisations.models import Organisation, Team
from minefree.quality.models import CorrectiveAction, Marking


def _csv(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def writer_organisation(user: Any) -> int | None:
    """The organisation a user's submissions are filed under: their first grant that writes reports."""
    own = organisations_with(user, Capability.WRITE_REPORTS, DataClass.REPORTS)
    return own[0] if own else None


def _districts(user: Any) -> str:
    areas = AdminArea.objects.restrict(user, Action.VIEW).filter(level=2).order_by("code")
    return _csv(["name", "label"], areas.values_list("code", "name"))


def _hazards(user: Any) -> str:
    rows = remaining_hazards(user).values_list("reference", "name", "classification", "status", spot(outline()))
    return _csv(
        ["name", "label", "classification", "status", "geometry"],
        ([r[0], f"{r[0]} {r[1]}", r[2], r[3], geopoint(r[4])] for r in rows),
    )


def _tasks(user: Any) -> str:
    """One list, filtered in each form by `type`: the remaining areas, the closed areas waiting for their
    completion report, the markings to check, the open corrective actions and the teams."""
    header = ["name", "label", "type", "admin_area", "geometry"]
    org = writer_organisation(user)
    if org is None:
        return _csv(header, [])
    rows: list[list[Any]] = []
    hazards = (
        HazardArea.objects.restrict(user, Action.VIEW)
        .filter(operator_id=org, status__in=REMAINING)
        .order_by("reference")
        .values_list("reference", "name", "admin_area__code", spot(outline()))
    )
    rows += [[ref, f"{ref} {name}", "hazard", area, geopoint(at)] for ref, name, area, at in hazards]
    closed = (
        HazardArea.objects.restrict(user, Action.VIEW)
        .filter(operator_id=org, status=Status.CLOSED, completion__isnull=True)
        .order_by("reference")
        .values_list("reference", "name", "admin_area__code", spot(outline()))
    )
    rows += [[ref, f"{ref} {name}", "completion", area, geopoint(at)] for ref, name, area, at in closed]
    markings = (
        Marking.objects.restrict(user, Action.VIEW)
        .filter(organisation_id=org, hazard__status__in=REMAINING)
        .order_by("hazard__reference", "marked_on", "pk")
        .values_list(
            "pk", "hazard__reference", "marked_on", "method", "hazard__admin_area__code", spot(outline("hazard__"))
        )
    )
    rows += [
        [pk, f"{ref} {day:%Y-%m-%d} {method}", "marking", area, geopoint(at)]
        for pk, ref, day, method, area, at in markings
    ]
    corrective = (
        CorrectiveAction.objects.restrict(user, Action.VIEW)
        .filter(non_conformity__organisation_id=org, done_on__isnull=True)
        .order_by("due_on", "pk")
        .values_list("pk", "action", "due_on")
    )
    rows += [[pk, f"{action} ({due:%Y-%m-%d})", "corrective_action", "", ""] for pk, action, due in corrective]
    teams = Team.objects.restrict(user, Action.VIEW).filter(organisation_id=org, active=True).order_by("name")
    rows += [[name, name, "team", "", ""] for name in teams.values_list("name", flat=True)]
    return _csv(header, rows)


def _area_limits(user: Any) -> Q:
    """Places inside the admin areas of the user's grants that write reports; none limited: everywhere."""
    held = [h for h in grants(user) if h.can(Capability.WRITE_REPORTS, DataClass.REPORTS)]
    if not held or any(not h.areas for h in held) or getattr(user, "is_superuser", False):
        return Q()
    return Q(admin_area__in=sorted({a for h in held for a in h.within}))


def _places(user: Any) -> str:
    places = (
        Place.objects.restrict(user, Action.VIEW)
        .filter(_area_limits(user))
        .order_by("name", "admin_area__code")
        .values_list("name", "kind", "admin_area__code", "location")
        .distinct()
    )
    # The name is the value: an answer a form has no column for should read as the place it is.
    return _csv(
        ["name", "label", "kind", "admin_area", "geometry"],
        ([name, name, kind, area, geopoint(at)] for name, kind, area, at in places),
    )


def _donors(user: Any) -> str:
    donors = Organisation.objects.restrict(user, Action.VIEW).filter(kind=Organisation.Kind.DONOR).order_by("acronym")
    return _csv(
        ["name", "label"], ([acronym, f"{acronym} {name}"] for acronym, name in donors.values_list("acronym", "name"))
    )


FILES: dict[str, Callable[[Any], str]] = {
    "districts.csv": _districts,
    "hazards.csv": _hazards,
    "hazards.geojson": hazards_geojson,
    "tasks.csv": _tasks,
    "places.csv": _places,
    "donors.csv": _donors,
}


def media_file(user: Any, name: str) -> str | None:
    make = FILES.get(name)
    return make(user) if make else None


def used_by(xform: str) -> set[str]:
    """The media files an XForm reads (select_one_from_file: `jr://file-csv/NAME` for a CSV list,
    `jr://file/NAME` for GeoJSON) that MineFree makes."""
    return set(re.findall(r'src="jr://file(?:-csv)?/([^"]+)"', xform)) & set(FILES)


def media_files(user: Any, names: set[str] | None = None) -> dict[str, str]:
    return {name: make(user) for name, make in FILES.items() if names is None or name in names}


def served(user: Any, xform: str, name: str) -> HttpResponse:
    """The list `name` that `xform` reads, built for `user`, as the phone or the browser form gets it;
    404 for a file the form does not read."""
    content = media_file(user, name) if name in used_by(xform) else None
    if content is None:
        raise Http404
    kind = "application/geo+json" if name.endswith(".geojson") else "text/csv; charset=utf-8"
    return HttpResponse(content, content_type=kind)
