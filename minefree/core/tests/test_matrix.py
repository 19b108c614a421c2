"""Every page and endpoint, for every role: allowed (200), denied (403/404/405) or filtered.

A new URL fails `test_every_route_has_a_rule` until it is given one here, so nothing is added
without deciding who may reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.db.models import Model, Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from minefree.core.permissions import area_paths
from minefree.core.registry import REGISTRY
from minefree.disaster.tests.helpers import matrix_area
from minefree.fieldwork.models import FieldReport
from minefree.hazards.models import HazardArea, LandReleaseActivity
from minefree.ogcapi.registry import COLLECTIONS
from minefree.ogcapi.tilematrix import containing
from minefree.organisations.models import Membership, Organisation, Role, Team
from minefree.reporting.registry import REPORTS

PERSONAS = [
    "tnmac.admin",
    "tnmac.im",
    "tnmac.qa",
    "npa.manager",
    "npa.clerk",
    "fsd.clerk",
    "hdc.clerk",
    "ust.clerk",
    "rcst.clerk",
    "donor.usdos",
    "coes.officer",
    "ciihl.viewer",
    "npa.khatlon",
]
NPA = {"npa.manager", "npa.clerk"}
# An NPA clerk whose grant holds in the Khatlon region only: everything outside it is "no such record".
KHATLON = "npa.khatlon"
# Grants that carry the personal data class in the demo (NMAC staff, and RCST for referrals).
PERSONAL_DATA = {"tnmac.admin", "tnmac.im", "tnmac.qa", "rcst.clerk"}
REPORT_READERS = {"tnmac.admin", "tnmac.im", "tnmac.qa", "ciihl.viewer"}
WRITERS = {
    "tnmac.admin",
    "tnmac.im",
    "tnmac.qa",
    "npa.manager",
    "npa.clerk",
    "fsd.clerk",
    "hdc.clerk",
    "ust.clerk",
    "rcst.clerk",
    KHATLON,
}


def routes(resolver: URLResolver | None = None, prefix: str = "", ns: str = "") -> Iterator[tuple[str, str]]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{ns}{entry.namespace}:" if entry.namespace else ns
            yield from routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and "format" not in str(entry.pattern):
            yield f"{ns}{entry.name}", prefix + str(entry.pattern)


Rule = Callable[[str], int]


def everyone(code: int) -> Rule:
    return lambda _user: code


def only(users: set[str], yes: int = 200, no: int = 403) -> Rule:
    return lambda user: yes if user in users else no


def in_khatlon(model: type[Model], pk: int) -> bool:
    """Whether the row lies in the Khatlon region, read from its admin area (a row with none: no)."""
    paths = area_paths(model)
    if not paths:
        return True
    lookups = [lookup for path in paths for lookup in (f"{path}__code", f"{path}__parent__code")]
    codes = model._default_manager.filter(pk=pk).values_list(*lookups).get()
    return "TJ-KT" in codes


def within(rule: Rule, model: type[Model], pk: int) -> Rule:
    """`rule`, except that the Khatlon clerk gets 404 for a row outside Khatlon."""
    inside = in_khatlon(model, pk)
    return lambda user: rule(user) if inside or user != KHATLON else 404


def objects() -> dict[str, int]:
    khatlon = Q(admin_area__parent__code="TJ-KT")
    hazard = HazardArea.objects.exclude(operator__acronym="NPA").filter(khatlon).order_by("pk").first()
    far = HazardArea.objects.filter(admin_area__code="TJ-GB-DRV", status="open").order_by("pk").first()
    npa = FieldReport.objects.filter(organisation__acronym="NPA")
    submitted = npa.filter(state="submitted").exclude(khatlon).order_by("pk").first()
    draft = npa.filter(state="draft", admin_area__code="TJ-GB-DRV").order_by("pk").first()
    near = npa.filter(khatlon, state="draft").order_by("pk").first()
    assert hazard and far and submitted and draft and near
    return {
        "hazard": hazard.pk,
        "far_hazard": far.pk,
        "submitted": submitted.pk,
        "draft": draft.pk,
        "khatlon_draft": near.pk,
        "activity": LandReleaseActivity.objects.order_by("pk").values_list("pk", flat=True)[0],
        "role": Role.objects.order_by("pk").values_list("pk", flat=True)[0],
        "grant": Membership.objects.order_by("pk").values_list("pk", flat=True)[0],
        "organisation": Organisation.objects.order_by("pk").values_list("pk", flat=True)[0],
        "team": Team.objects.order_by("pk").values_list("pk", flat=True)[0],
        "user": User.objects.order_by("pk").values_list("pk", flat=True)[0],
    }


def cases(ids: dict[str, int]) -> dict[str, list[tuple[str, Rule]]]:
    h, s, d, k, far = ids["hazard"], ids["submitted"], ids["draft"], ids["khatlon_draft"], ids["far_hazard"]
    submitted_readers = REPORT_READERS | NPA
    everywhere_but_khatlon = only(set(PERSONAS) - {KHATLON}, no=404)
    return {
        "home": [("/", everyone(302))],
        # A large GeoPackage import's job is its owner's alone (a job id of anyone else's is 404).
        "geopackage:import-job": [("/geopackage/import-jobs/999999/", everyone(404))],
        "geopackage-import-job": [("/api/v1/geopackage/import-jobs/999999/", everyone(404))],
        "planning:index": [("/planner/", everyone(200))],
        "planning:forecast-json": [("/planner/forecast.json?deminers=90", everyone(200))],
        "planning:parameters": [("/planner/parameters/", only({"tnmac.admin", "tnmac.im"}))],
        "planning:scenario-save": [("/planner/scenarios/save/", everyone(405))],
        # GeoPackage round trip: only report writers take data out to edit; the rest answer by method.
        "geopackage:index": [("/geopackage/", only(WRITERS))],
        "geopackage:export": [("/geopackage/export/", everyone(405))],
        "geopackage:upload": [("/geopackage/import/", everyone(405))],
        "geopackage:import": [("/geopackage/imports/999999/", everyone(404))],
        "geopackage:acknowledge": [("/geopackage/changes/999999/acknowledge/", everyone(405))],
        "geopackage-export": [("/api/v1/geopackage/export/", everyone(405))],
        "geopackage-import": [("/api/v1/geopackage/import/", everyone(405))],
        "geopackage-import-detail": [("/api/v1/geopackage/imports/999999/", everyone(404))],
        "geopackage-ack": [("/api/v1/geopackage/changes/999999/acknowledge/", everyone(405))],
        # Disaster overlay: every role holding the national record may use it (only what it may see is listed).
        **{
            name: [(url.format(a=matrix_area()), everyone(200))]
            for name, url in (
                ("disaster:index", "/disaster/"),
                ("disaster:detail", "/disaster/{a}/"),
                ("disaster:geopackage", "/disaster/{a}/overlay.gpkg"),
                ("disaster:pdf", "/disaster/{a}/overlay.pdf"),
                ("disaster-list", "/api/v1/disaster/"),
                ("disaster-detail", "/api/v1/disaster/{a}/"),
                ("disaster-geopackage", "/api/v1/disaster/{a}/geopackage/"),
                ("disaster-pdf", "/api/v1/disaster/{a}/pdf/"),
            )
        },
        # Treaty reports: every role with the national record reads them; POST-only submission.
        "treaty:index": [("/treaty/", everyone(200))],
        "treaty:detail": [("/treaty/apmbc/2019/", everyone(200)), ("/treaty/ccm/1990/", everyone(404))],
        "treaty:submit": [("/treaty/apmbc/2019/submit/", everyone(405))],
        "treaty:download": [
            ("/treaty/apmbc/2019/article7.xlsx", everyone(200)),
            ("/treaty/ccm/2019/article7.json", everyone(200)),
            ("/treaty/apmbc/2019/article7.docx", everyone(404)),
        ],
        # Dashboards: every role reads the dashboard of what it may see; the public one needs no login;
        # outlines answer 404 until the NMAC publishes them; only national editors set publication.
        "dashboards:nmac": [("/dashboard/", everyone(200))],
        "dashboards:csv": [("/dashboard/released-by-year.csv", everyone(200)), ("/dashboard/nope.csv", everyone(404))],
        "dashboards:json": [("/dashboard/casualties-by-year.json", everyone(200))],
        "api-dashboard": [("/api/v1/dashboard/", everyone(200))],
        "api-dashboard-chart": [
            ("/api/v1/dashboard/casualties-by-year/", everyone(200)),
            ("/api/v1/dashboard/nope/", everyone(404)),
        ],
        # A region's districts: as its row on the dashboard, so 404 where the reader sees no hazard.
        "dashboards:region": [
            ("/dashboard/region/TJ-KT/", everyone(200)),
            ("/dashboard/region/TJ-GB/", everywhere_but_khatlon),
            ("/dashboard/region/AF-BDS/", everyone(404)),
        ],
        "dashboards:region-csv": [
            ("/dashboard/region/TJ-KT/released-by-district.csv", everyone(200)),
            ("/dashboard/region/TJ-KT/nope.csv", everyone(404)),
        ],
        "dashboards:region-json": [("/dashboard/region/TJ-GB/remaining-by-district.json", everywhere_but_khatlon)],
        "dashboards:public": [("/dashboard/public/", everyone(200))],
        "dashboards:public-csv": [("/dashboard/public/funding-by-donor.csv", everyone(200))],
        "dashboards:public-json": [("/dashboard/public/eore-reach.json", everyone(200))],
        "dashboards:public-outlines": [("/dashboard/public/outlines.geojson", everyone(404))],
        "dashboards:publication": [("/dashboard/publication/", only({"tnmac.admin", "tnmac.im"}))],
        # Exports: every reader exports what its list shows; personal data never; jobs are their owner's only.
        "exports:export": [
            ("/exports/hazards/?fmt=csv&status=open", everyone(200)),
            ("/exports/hazards/?fmt=doc", everyone(400)),
            ("/exports/victims/?fmt=csv", everyone(404)),
        ],
        "exports:jobs": [("/exports/jobs/", everyone(200))],
        "exports:job": [("/exports/jobs/999999/", everyone(404))],
        "exports:job-status": [("/exports/jobs/999999/status.json", everyone(404))],
        "exports:job-download": [("/exports/jobs/999999/download/", everyone(404))],
        "api-export": [
            ("/api/v1/exports/land-release/?fmt=csv&kind=clear", everyone(200)),
            ("/api/v1/exports/victims/?fmt=csv", everyone(404)),
        ],
        "api-job": [("/api/v1/jobs/999999/", everyone(404))],
        "api-job-download": [("/api/v1/jobs/999999/download/", everyone(404))],
        "hazards:map": [("/hazards/", everyone(200))],
        "hazards:map-geojson": [("/hazards/map.geojson", everyone(200))],
        "hazards:list": [("/hazards/list/", everyone(200))],
        "hazards:summary": [("/hazards/summary/", everyone(301))],
        "hazards:create": [("/hazards/new/", only({"tnmac.admin", "tnmac.im"}))],
        "hazards:area-basis": [("/hazards/area-basis/", only({"tnmac.admin", "tnmac.im"}))],
        "legacy:index": [("/legacy-import/", only({"tnmac.admin", "tnmac.im"}))],
        # An uploaded file is its uploader's alone; an unknown one is "no such file" to importers.
        "legacy:source": [("/legacy-import/files/" + "0" * 32 + "/", only({"tnmac.admin", "tnmac.im"}, 404))],
        "legacy:forget": [("/legacy-import/files/" + "0" * 32 + "/remove/", everyone(405))],
        "legacy:job": [("/legacy-import/jobs/999999/", only({"tnmac.admin", "tnmac.im"}, 404))],
        "legacy:problems": [("/legacy-import/jobs/999999/problems.csv", only({"tnmac.admin", "tnmac.im"}, 404))],
        "hazards:detail": [(f"/hazards/{h}/", everyone(200)), (f"/hazards/{far}/", everywhere_but_khatlon)],
        "hazards:edit": [
            (f"/hazards/{h}/edit/", only({"tnmac.admin", "tnmac.im"}, no=404)),
            (f"/hazards/{far}/edit/", only({"tnmac.admin", "tnmac.im"}, no=404)),
        ],
        "hazards:history": [
            (f"/hazards/{h}/history/", everyone(200)),
            (f"/hazards/{far}/history/", everywhere_but_khatlon),
        ],
        "fieldwork:list": [("/field-reports/", everyone(200))],
        "fieldwork:inbox": [("/field-reports/inbox/", only({"tnmac.admin", "tnmac.im"}))],
        "fieldwork:create": [("/field-reports/new/hazard/", only(WRITERS))],
        "fieldwork:detail": [
            (f"/field-reports/{s}/", only(submitted_readers, no=404)),
            (f"/field-reports/{d}/", only(NPA, no=404)),
            (f"/field-reports/{k}/", only(NPA | {KHATLON}, no=404)),
        ],
        "fieldwork:edit": [
            (f"/field-reports/{d}/edit/", only(NPA, no=404)),
            (f"/field-reports/{k}/edit/", only(NPA | {KHATLON}, no=404)),
            (f"/field-reports/{s}/edit/", everyone(404)),
        ],
        "fieldwork:decide": [(f"/field-reports/{s}/approve/", everyone(405))],
        "fieldwork:notifications": [("/field-reports/notifications/", everyone(200))],
        # The field reports' old addresses under /reports/ redirect there (GET only).
        "fieldwork-moved:create": [("/reports/new/hazard/", everyone(301))],
        "fieldwork-moved:detail": [(f"/reports/{s}/", everyone(301))],
        "fieldwork-moved:edit": [(f"/reports/{d}/edit/", everyone(301))],
        "fieldwork-moved:notifications": [("/reports/notifications/", everyone(301))],
        "organisations:access": [("/access/", only({"tnmac.admin"}))],
        "organisations:role-create": [("/access/roles/new/", only({"tnmac.admin"}))],
        "organisations:role-edit": [(f"/access/roles/{ids['role']}/", only({"tnmac.admin"}))],
        "organisations:grant-create": [("/access/grants/new/", only({"tnmac.admin"}))],
        "organisations:grant-edit": [(f"/access/grants/{ids['grant']}/", only({"tnmac.admin"}))],
        "organisations:grant-revoke": [(f"/access/grants/{ids['grant']}/revoke/", everyone(405))],
        "organisations:lockouts": [("/access/lockouts/", only({"tnmac.admin"}))],
        # Country set-up: the administrator's alone. A preview's token is the session's (404 for any other).
        "countrysetup:overview": [("/setup/", only({"tnmac.admin"}))],
        "countrysetup:country-create": [("/setup/countries/new/", only({"tnmac.admin"}))],
        "countrysetup:country-edit": [("/setup/countries/TJK/", only({"tnmac.admin"}))],
        "countrysetup:areas-upload": [("/setup/areas/", only({"tnmac.admin"}))],
        "countrysetup:areas-preview": [("/setup/areas/0123456789abcdef/", only({"tnmac.admin"}, yes=404))],
        "countrysetup:organisations": [("/setup/organisations/", only({"tnmac.admin"}))],
        "countrysetup:organisation-create": [("/setup/organisations/new/", only({"tnmac.admin"}))],
        "countrysetup:organisation-edit": [(f"/setup/organisations/{ids['organisation']}/", only({"tnmac.admin"}))],
        "countrysetup:teams": [("/setup/teams/", only({"tnmac.admin"}))],
        "countrysetup:team-create": [("/setup/teams/new/", only({"tnmac.admin"}))],
        "countrysetup:team-edit": [(f"/setup/teams/{ids['team']}/", only({"tnmac.admin"}))],
        "countrysetup:users": [("/setup/users/", only({"tnmac.admin"}))],
        "countrysetup:user-create": [("/setup/users/new/", only({"tnmac.admin"}))],
        "countrysetup:user-active": [(f"/setup/users/{ids['user']}/active/", only({"tnmac.admin"}, yes=405))],
        "organisations:lockout-release": [("/access/lockouts/release/", everyone(405))],
        "core:audit-log": [("/audit/", only({"tnmac.admin", "tnmac.im", "tnmac.qa"}))],
        "core:audit-log-csv": [("/audit/export.csv?action=save_report", only({"tnmac.admin", "tnmac.im", "tnmac.qa"}))],
        "schema": [("/api/v1/schema/", everyone(200))],
        "api-docs": [("/api/v1/docs/", everyone(200))],
        # Search reads every group through `restrict`, so every role may ask (what it finds: search/tests).
        "search:results": [("/search/?q=TJ", everyone(200))],
        # The map's place names read through `restrict` too (what they find: search/tests/test_places.py).
        "search:places": [("/search/places/?q=Rasht", everyone(200))],
        "search:place-labels": [("/search/places/labels/", everyone(200))],
        # No basemap file in this run: nobody gets a tile (with one, every role: basemap/tests/test_tiles.py).
        "basemap:tilejson": [("/basemap/", everyone(404))],
        "basemap:tile": [("/basemap/0/0/0.png", everyone(404))],
        "help:index": [("/help/", everyone(200))],
        "help:page": [("/help/donor/", everyone(200)), ("/help/nobody/", everyone(404))],
        "api-root": [("/api/v1/", everyone(200))],
        "hazard-list": [("/api/v1/hazards/?page_size=5", everyone(200))],
        "hazard-detail": [
            (f"/api/v1/hazards/{h}/", everyone(200)),
            (f"/api/v1/hazards/{far}/", everywhere_but_khatlon),
        ],
        "hazard-history": [
            (f"/api/v1/hazards/{h}/history/", everyone(200)),
            (f"/api/v1/hazards/{far}/history/", everywhere_but_khatlon),
        ],
        "land-release-list": [("/api/v1/land-release/?page_size=5", everyone(200))],
        "land-release-detail": [
            (
                f"/api/v1/land-release/{ids['activity']}/",
                within(everyone(200), LandReleaseActivity, ids["activity"]),
            )
        ],
        "field-report-list": [("/api/v1/field-reports/", everyone(200))],
        "field-report-detail": [
            (f"/api/v1/field-reports/{s}/", only(submitted_readers, no=404)),
            (f"/api/v1/field-reports/{d}/", only(NPA, no=404)),
            (f"/api/v1/field-reports/{k}/", only(NPA | {KHATLON}, no=404)),
        ],
        "field-report-candidates": [
            (f"/api/v1/field-reports/{s}/candidates/", only(submitted_readers, no=404)),
            (f"/api/v1/field-reports/{d}/candidates/", only(NPA, no=404)),
            (f"/api/v1/field-reports/{k}/candidates/", only(NPA | {KHATLON}, no=404)),
        ],
        "field-report-submit": [(f"/api/v1/field-reports/{d}/submit/", everyone(405))],
        "field-report-return": [(f"/api/v1/field-reports/{s}/return/", everyone(405))],
        "field-report-reject": [(f"/api/v1/field-reports/{s}/reject/", everyone(405))],
        "field-report-take": [(f"/api/v1/field-reports/{s}/take/", everyone(405))],
        "field-report-approve": [(f"/api/v1/field-reports/{s}/approve/", everyone(405))],
        "field-report-comment": [(f"/api/v1/field-reports/{s}/comment/", everyone(405))],
        "notification-list": [("/api/v1/notifications/", everyone(200))],
        "notification-read": [("/api/v1/notifications/1/read/", everyone(405))],
        # OpenRosa: forms are not secret; the media lists and submissions are limited by `restrict`.
        # OpenRosa takes its own credentials only: a browser session is asked to log in.
        "openrosa:form-list": [("/openrosa/formList", everyone(401))],
        "openrosa:form": [("/openrosa/forms/minefree_hazard/form.xml", everyone(401))],
        "openrosa:manifest": [("/openrosa/forms/minefree_hazard/manifest", everyone(401))],
        "openrosa:media": [("/openrosa/forms/minefree_progress/media/hazards.geojson", everyone(401))],
        "openrosa:submission": [("/openrosa/submission", everyone(401))],
        # A phone set up from a QR code: an unknown or revoked secret is refused whoever is logged in.
        "openrosa-key:form-list": [("/key/no-such-secret/formList", everyone(403))],
        "openrosa-key:form": [("/key/no-such-secret/forms/minefree_hazard/form.xml", everyone(403))],
        "openrosa-key:manifest": [("/key/no-such-secret/forms/minefree_hazard/manifest", everyone(403))],
        "openrosa-key:media": [("/key/no-such-secret/forms/minefree_progress/media/hazards.csv", everyone(403))],
        "openrosa-key:submission": [("/key/no-such-secret/submission", everyone(403))],
        # Phones' device access: the centre's administrator and IM officer, and operators' managers.
        "devices:list": [("/devices/", only({"tnmac.admin", "tnmac.im", "npa.manager"}))],
        "devices:new": [("/devices/new/", only({"tnmac.admin", "tnmac.im", "npa.manager"}))],
        "devices:revoke": [("/devices/999999/revoke/", everyone(405))],
        # A draft's test server: the key picks the draft, the phone still logs in with its own credentials.
        "openrosa-draft:form-list": [("/openrosa/draft/no-such-key/formList", everyone(401))],
        "openrosa-draft:form": [("/openrosa/draft/no-such-key/forms/minefree_hazard/form.xml", everyone(401))],
        "openrosa-draft:manifest": [("/openrosa/draft/no-such-key/forms/minefree_hazard/manifest", everyone(401))],
        "openrosa-draft:media": [
            ("/openrosa/draft/no-such-key/forms/minefree_progress/media/hazards.geojson", everyone(401))
        ],
        "openrosa-draft:submission": [("/openrosa/draft/no-such-key/submission", everyone(401))],
        "webforms:list": [("/fill/", everyone(200))],
        "webforms:worker": [("/fill/sw.js", everyone(200))],
        "webforms:submission": [("/fill/submission", everyone(405))],
        "webforms:form": [("/fill/minefree_spot_task/", only(WRITERS, no=404))],
        "webforms:xml": [("/fill/minefree_spot_task/form.xml", only(WRITERS, no=404))],
        "webforms:media": [("/fill/minefree_progress/media/hazards.geojson", only(WRITERS, no=404))],
        "forms:list": [("/forms/", only({"tnmac.admin", "tnmac.im"}))],
        "forms:draft-publish": [("/forms/drafts/1/publish/", everyone(405))],
        "forms:draft-discard": [("/forms/drafts/1/discard/", everyone(405))],
        "forms:draft-key": [("/forms/drafts/1/key/", everyone(405))],
        "forms:toggle": [("/forms/1/toggle/", everyone(405))],
        "forms:attachment": [("/forms/attachments/999999/", everyone(404))],
        "forms:refused": [("/forms/refused/", only({"tnmac.admin", "tnmac.im"}))],
        # Encrypted submissions: only the centre's key holders (editors who hold personal data).
        "forms:encrypted": [("/forms/encrypted/", only({"tnmac.admin", "tnmac.im"}))],
        "forms:decrypt": [("/forms/encrypted/999999/decrypt/", everyone(405))],
        "forms:refused-xml": [("/forms/refused/999999/instance.xml", only({"tnmac.admin", "tnmac.im"}, yes=404))],
        "forms:export": [
            ("/forms/minefree_hazard/export.csv", only({"tnmac.admin", "tnmac.im"})),
            ("/forms/minefree_victim/export.xlsx", only({"tnmac.admin", "tnmac.im"})),
        ],
        **generic_cases(),
        **report_cases(),
        **ogc_cases(),
    }


def ogc_cases() -> dict[str, list[tuple[str, Rule]]]:
    """OGC API - Features and Tiles: every role with the national record reads every collection, through
    `restrict` (a row outside the Khatlon clerk's area is 404 to it, its tile empty); the public's share is
    in ogcapi/tests/test_ogc_access.py and test_ogc_tiles.py."""
    out: dict[str, list[tuple[str, Rule]]] = {
        "ogcapi:landing": [("/ogc/", everyone(200))],
        "ogcapi:conformance": [("/ogc/conformance", everyone(200))],
        "ogcapi:openapi": [("/ogc/api", everyone(200))],
        "ogcapi:collections": [("/ogc/collections", everyone(200))],
        "ogcapi:collection": [("/ogc/collections/nothing", everyone(404))],
        "ogcapi:items": [("/ogc/collections/accidents/items?limit=0", everyone(400))],
        "ogcapi:tilematrixsets": [("/ogc/tileMatrixSets", everyone(200))],
        "ogcapi:tilematrixset": [("/ogc/tileMatrixSets/WebMercatorQuad", everyone(200))],
        "ogcapi:tile": [("/ogc/collections/accidents/tiles/WebMercatorQuad/23/0/0", everyone(404))],
        "ogcapi:style": [("/ogc/collections/hazardous-areas/styles/nothing", everyone(404))],
        "ogcapi:project": [("/ogc/project.qgs", everyone(200))],
    }
    for slug, collection in COLLECTIONS.items():
        rows = collection.model._default_manager.order_by("pk")
        pk = collection.rows(rows).values_list("pk", flat=True)[0]
        out["ogcapi:collection"].append((f"/ogc/collections/{slug}", everyone(200)))
        out.setdefault("ogcapi:queryables", []).append((f"/ogc/collections/{slug}/queryables", everyone(200)))
        out["ogcapi:items"].append((f"/ogc/collections/{slug}/items?limit=5", everyone(200)))
        out.setdefault("ogcapi:styles", []).append((f"/ogc/collections/{slug}/styles", everyone(200)))
        out["ogcapi:style"].append((f"/ogc/collections/{slug}/styles/default?f=sld", everyone(200)))
        item = f"/ogc/collections/{slug}/items/{pk}"
        out.setdefault("ogcapi:item", []).append((item, within(everyone(200), collection.model, pk)))
        tiles = f"/ogc/collections/{slug}/tiles"
        out.setdefault("ogcapi:tilesets", []).append((tiles, everyone(200)))
        out.setdefault("ogcapi:tileset", []).append((f"{tiles}/WebMercatorQuad", everyone(200)))
        # A deep tile around one placed row: drawn for every reader, empty (204) for the Khatlon clerk outside it.
        placed = collection.rows(rows).filter(**{f"{collection.geometry}__isnull": False})
        first = placed.values_list("pk", collection.geometry).first()
        if first is None:  # nothing placed (the demo's risk education sessions): the whole world is empty
            out["ogcapi:tile"].append((f"{tiles}/WebMercatorQuad/0/0/0", everyone(204)))
            continue
        pk, shape = first
        where = containing(shape.point_on_surface.x, shape.point_on_surface.y, 15)
        tile = f"{tiles}/WebMercatorQuad/{where.z}/{where.y}/{where.x}"
        out["ogcapi:tile"].append((tile, drawn(in_khatlon(collection.model, pk))))
    return out


def drawn(inside: bool) -> Rule:
    """A tile around a row: 200 for every reader of the collection, 204 for the Khatlon clerk if outside."""
    return lambda user: 200 if inside or user != KHATLON else 204


def report_cases() -> dict[str, list[tuple[str, Rule]]]:
    """Registered reports: every role reads each, its figures limited by `restrict`; an unknown one is 404."""
    out: dict[str, list[tuple[str, Rule]]] = {
        "reporting:index": [("/reports/", everyone(200))],
        "reporting:report": [("/reports/nope/", everyone(404)), ("/reports/casualties/?from=2019", everyone(400))],
        "report-list": [("/api/v1/reports/", everyone(200))],
    }
    for slug in REPORTS:
        out["reporting:report"].append((f"/reports/{slug}/", everyone(200)))
        out[f"report-{slug}"] = [(f"/api/v1/reports/{slug}/", everyone(200))]
    return out


def generic_cases() -> dict[str, list[tuple[str, Rule]]]:
    """Registered record types: every role with the national record reads them."""
    out: dict[str, list[tuple[str, Rule]]] = {"records:index": [("/records/", everyone(200))]}
    for slug, record_type in REGISTRY.items():
        pk = record_type.model.objects.order_by("pk").values_list("pk", flat=True)[0]
        personal = getattr(record_type.model, "data_class", "record") == "personal"
        readers = within(only(PERSONAL_DATA, no=404) if personal else everyone(200), record_type.model, pk)
        out.setdefault("records:list", []).append((f"/records/{slug}/", everyone(200)))
        out.setdefault("records:detail", []).append((f"/records/{slug}/{pk}/", readers))
        out.setdefault("records:history", []).append((f"/records/{slug}/{pk}/history/", readers))
        out[f"{slug}-list"] = [(f"/api/v1/{slug}/?page_size=5", everyone(200))]
        out[f"{slug}-detail"] = [(f"/api/v1/{slug}/{pk}/", readers)]
    victim = REGISTRY["victims"].model.objects.order_by("pk").values_list("pk", flat=True)[0]
    out["casualties:personal"] = [(f"/assistance/victims/{victim}/personal/", everyone(405))]
    out["victim-personal"] = [(f"/api/v1/victims/{victim}/personal/", only(PERSONAL_DATA, no=404))]
    return out


PUBLIC = {"login", "logout", "set_language"}


def test_every_route_has_a_rule(db):
    names = {name for name, _route in routes()} - PUBLIC
    assert sorted(names - set(cases(objects()))) == []


@pytest.mark.parametrize("username", PERSONAS)
def test_every_route_for_every_role(db, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    for name, checks in cases(objects()).items():
        for url, rule in checks:
            status = client.get(url).status_code
            assert status == rule(username), (name, url, username, status)


@pytest.mark.parametrize("username", PERSONAS)
def test_lists_are_filtered_to_what_the_role_may_see(db, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    rows = client.get("/api/v1/field-reports/?page_size=1000").json()["results"]
    for row in rows:
        mine = row["organisation"] == "NPA" and username in NPA
        assert row["state"] != "draft" or mine or row["organisation"] in _own_orgs(username), (username, row)
        assert username in REPORT_READERS or row["organisation"] in _own_orgs(username), (username, row)
    page = client.get("/field-reports/").content.decode()
    drafts = FieldReport.objects.filter(state="draft").exclude(organisation__acronym__in=_own_orgs(username))
    assert all(r.reference not in page for r in drafts)


def _own_orgs(username: str) -> set[str]:
    return set(Membership.objects.filter(user__username=username).values_list("organisation__acronym", flat=True))


def test_an_area_limited_clerk_reaches_no_report_outside_its_area(db, persona):
    """The Khatlon clerk: Darvoz reports are "no such record" on every path, and cannot be changed."""
    ids = objects()
    clerk = persona(KHATLON)
    darvoz = FieldReport.objects.get(pk=ids["draft"])
    outside = FieldReport.objects.exclude(admin_area__isnull=True).exclude(admin_area__parent__code="TJ-KT")
    outside_refs = set(outside.values_list("reference", flat=True))
    assert darvoz.reference in outside_refs

    rows = clerk.get("/api/v1/field-reports/?page_size=1000").json()
    refs = {row["reference"] for row in rows["results"]}
    assert refs and not refs & outside_refs
    assert FieldReport.objects.get(pk=ids["khatlon_draft"]).reference in refs
    assert rows.get("count", len(refs)) == len(refs)
    page = clerk.get("/field-reports/").content.decode()
    assert darvoz.reference not in page
    exported = b"".join(clerk.post("/exports/field-reports/", {"fmt": "csv"}).streaming_content).decode()
    assert not any(f"\n{pk}," in exported for pk in outside.values_list("pk", flat=True))
    far = HazardArea.objects.get(pk=ids["far_hazard"])
    assert far.pk in {f["id"] for f in persona("npa.clerk").get("/hazards/map.geojson").json()["features"]}
    assert far.pk not in {f["id"] for f in clerk.get("/hazards/map.geojson").json()["features"]}

    for url in (
        f"/field-reports/{darvoz.pk}/",
        f"/field-reports/{darvoz.pk}/edit/",
        f"/api/v1/field-reports/{darvoz.pk}/",
    ):
        assert clerk.get(url).status_code == 404, url
    patch = {"version": darvoz.version, "payload": darvoz.payload | {"name": "Moved"}}
    answer = clerk.patch(f"/api/v1/field-reports/{darvoz.pk}/", patch, content_type="application/json")
    assert answer.status_code == 404
    assert clerk.post(f"/field-reports/{darvoz.pk}/edit/", {"version": darvoz.version}).status_code == 404
    assert clerk.post(f"/api/v1/field-reports/{darvoz.pk}/submit/").status_code == 404
    assert FieldReport.objects.get(pk=darvoz.pk).version == darvoz.version

    # Nor may it write one there, or move its own Khatlon draft there.
    body = {
        "kind": "hazard",
        "organisation": "NPA",
        "client_id": "khatlon-to-darvoz",
        "date_of_information": "2026-06-03",
        "payload": darvoz.payload,
    }
    assert clerk.post("/api/v1/field-reports/", body, content_type="application/json").status_code == 403
    own = FieldReport.objects.get(pk=ids["khatlon_draft"])
    move = {"version": own.version, "payload": own.payload | {"admin_area": "TJ-GB-DRV"}}
    answer = clerk.patch(f"/api/v1/field-reports/{own.pk}/", move, content_type="application/json")
    assert answer.status_code == 403
    assert FieldReport.objects.get(pk=own.pk).admin_area.code == "TJ-KT-SSH"


def test_an_area_limited_clerk_hears_nothing_of_reports_outside_its_area(db, user):
    from minefree.fieldwork import actions
    from minefree.fieldwork.models import Notification

    ids = objects()
    darvoz = FieldReport.objects.get(pk=ids["draft"])
    submitted = actions.submit_report(user("npa.clerk"), darvoz)
    actions.return_report(user("tnmac.im"), submitted, "Secret-Darvoz-Comment")
    told = Notification.objects.filter(report=darvoz)
    assert told.filter(user__username="npa.clerk").exists()
    assert not told.filter(user__username=KHATLON).exists()
