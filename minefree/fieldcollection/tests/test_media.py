"""The offline lists in the manifest are scoped by the user's rights: an operator's own tasks only,
the places and areas of the admin areas its grant covers."""

from __future__ import annotations

import csv
import io
import json
import re

from django.contrib.auth.models import User
from django.contrib.gis.geos import GEOSGeometry, Point

from minefree.conftest import PASSWORD
from minefree.fieldcollection.tests.collect import XF, device, download
from minefree.gazetteer.models import AdminArea, Place
from minefree.hazards.models import REMAINING, HazardArea
from minefree.hazards.tests.helpers import new_hazard
from minefree.organisations.models import Membership, Organisation, Role, Team
from minefree.quality.models import Marking


def rows(form_media: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(form_media[name])))


def test_an_operator_gets_its_own_tasks_only(db):
    npa = rows(download(device("npa.clerk"), "minefree_marking").media, "tasks.csv")
    fsd = rows(download(device("fsd.clerk"), "minefree_marking").media, "tasks.csv")
    npa_hazards = {r["name"] for r in npa if r["type"] == "hazard"}
    fsd_hazards = {r["name"] for r in fsd if r["type"] == "hazard"}
    expected = set(
        HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING).values_list("reference", flat=True)
    )
    assert npa_hazards == expected and expected
    assert fsd_hazards and not npa_hazards & fsd_hazards
    assert {r["name"] for r in npa if r["type"] == "team"} == set(
        Team.objects.filter(organisation__acronym="NPA").values_list("name", flat=True)
    )
    markings = {int(r["name"]) for r in npa if r["type"] == "marking"}
    assert markings and set(
        Marking.objects.filter(pk__in=markings).values_list("organisation__acronym", flat=True)
    ) == {"NPA"}
    assert not markings & {int(r["name"]) for r in fsd if r["type"] == "marking"}


def test_roles_that_send_nothing_get_no_tasks(db):
    assert rows(download(device("npa.clerk"), "minefree_marking").media, "tasks.csv")
    for username in ("donor.usdos", "coes.officer"):
        body = device(username).get("/openrosa/forms/minefree_marking/media/tasks.csv").content.decode()
        assert body.strip() == "name,label,type,admin_area,geometry"


def test_a_user_limited_to_some_admin_areas_gets_only_those(db):
    hazards = HazardArea.objects.filter(operator__acronym="NPA", status__in=REMAINING).select_related("admin_area")
    regions = sorted({h.admin_area.region().code for h in hazards})
    assert len(regions) > 1, "the demo gives NPA areas in several regions"
    mine = AdminArea.objects.get(code=regions[0])
    inside = next(h for h in hazards if h.admin_area.region() == mine)
    outside = next(h for h in hazards if h.admin_area.region() != mine)
    Place.objects.create(name="Inside village", location=inside.geometry.centroid, admin_area=inside.admin_area)
    Place.objects.create(name="Outside village", location=outside.geometry.centroid, admin_area=outside.admin_area)

    clerk = User.objects.create_user("npa.limited", password=PASSWORD)
    grant = Membership.objects.create(
        user=clerk,
        organisation=Organisation.objects.get(acronym="NPA"),
        role=Role.objects.get(code="operator_clerk"),
        data_classes=["record", "reports"],
    )
    grant.admin_areas.set([mine])
    media = download(device("npa.limited"), "minefree_marking").media
    tasks = {r["name"] for r in rows(media, "tasks.csv") if r["type"] == "hazard"}
    assert inside.reference in tasks and outside.reference not in tasks
    assert {h.admin_area.region().code for h in HazardArea.objects.filter(reference__in=tasks)} == {mine.code}
    assert [r["name"] for r in rows(media, "places.csv")] == ["Inside village"]
    assert outside.reference not in download(device("npa.limited"), "minefree_progress").media["hazards.geojson"]
    # The unlimited clerk of the same operator sees both.
    everywhere = download(device("npa.clerk"), "minefree_marking").media
    assert {"Inside village", "Outside village"} <= {r["name"] for r in rows(everywhere, "places.csv")}


def test_only_open_corrective_actions_are_offered(db):
    from minefree.quality.models import CorrectiveAction

    offered = {
        int(r["name"])
        for r in rows(download(device("npa.clerk"), "minefree_corrective_action").media, "tasks.csv")
        if r["type"] == "corrective_action"
    }
    open_ones = set(
        CorrectiveAction.objects.filter(non_conformity__organisation__acronym="NPA", done_on__isnull=True).values_list(
            "pk", flat=True
        )
    )
    assert offered == open_ones


def _features(form_media: dict[str, str]) -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in json.loads(form_media["hazards.geojson"])["features"]}


def test_a_team_picks_the_hazard_it_stands_in_on_a_map_offline(db, user):
    """The land release form offers the remaining hazards the clerk may see as a map (GeoJSON in the
    manifest), each selectable by its area; an area known only by its recorded point is offered there."""
    point_only = new_hazard(user("tnmac.im"))
    # As an IMSMA import leaves an area known only by its point (hazards/legacy.py).
    HazardArea.objects.filter(pk=point_only.pk).update(geometry=None, location=Point(69.61, 40.61, srid=4326))
    form = download(device("npa.clerk"), "minefree_progress")
    select = next(s for s in form.root.iter(f"{XF}select1") if s.attrib["ref"].endswith("/hazard"))
    assert select.attrib["appearance"] == "map"
    assert 'src="jr://file/hazards.geojson"' in form.xml.decode()
    features = _features(form.media)
    remaining = HazardArea.objects.filter(status__in=REMAINING)
    assert set(features) == set(remaining.exclude(geometry=None, location=None).values_list("reference", flat=True))
    assert features[point_only.reference]["geometry"] == {"type": "Point", "coordinates": [69.61, 40.61]}
    some = remaining.exclude(geometry=None).order_by("reference").first()
    shown = features[some.reference]
    assert shown["geometry"]["type"] == "Polygon" and shown["properties"]["title"] == f"{some.reference} {some.name}"
    assert GEOSGeometry(json.dumps(shown["geometry"]), srid=4326).intersects(some.geometry)
    assert form.choices()["hazard"] == set(features)  # what Collect offers is what the map shows


def test_the_lists_carry_each_rows_point_for_distance_in_the_form(db):
    media = download(device("npa.clerk"), "minefree_marking").media
    hazards = [r for r in rows(media, "tasks.csv") if r["type"] == "hazard"]
    assert hazards and all(r["geometry"] for r in hazards)
    first = HazardArea.objects.get(reference=hazards[0]["name"])
    lat, lon, _alt, _acc = map(float, hazards[0]["geometry"].split())
    assert first.geometry.intersects(Point(lon, lat, srid=4326))  # on the area, not a centroid outside it
    assert all(r["geometry"] for r in rows(media, "places.csv"))


def test_the_map_list_changes_its_hash_when_a_hazard_changes(db, user):
    """Collect fetches a media file again only when its manifest hash changes."""

    def manifest_hashes() -> dict[str, str]:
        body = device("npa.clerk").get("/openrosa/forms/minefree_progress/manifest").content.decode()
        return dict(re.findall(r"<filename>([^<]+)</filename><hash>md5:(\w+)</hash>", body))

    before = manifest_hashes()
    hazard = new_hazard(user("tnmac.im"), name="Newly recorded field")
    after = manifest_hashes()
    assert after["hazards.geojson"] != before["hazards.geojson"]
    assert hazard.reference in _features(download(device("npa.clerk"), "minefree_progress").media)
    # A donor, who sends nothing, downloads no form at all; a Khatlon-limited clerk sees Khatlon only.
    khatlon = _features(download(device("npa.khatlon"), "minefree_progress").media)
    assert khatlon and set(
        HazardArea.objects.filter(reference__in=khatlon).values_list("admin_area__parent__code", flat=True)
    ) == {"TJ-KT"}
