"""Every read of domain data goes through `restrict`, and every page and endpoint is guarded."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from minefree.hazards.models import HazardArea

ROOT = Path(__file__).resolve().parents[2]
# Every model whose manager offers `restrict` is domain data.
DOMAIN_MODELS = {model.__name__ for model in apps.get_models() if hasattr(model._default_manager, "restrict")} - {
    "Country",
    "AdminArea",
    "Place",
    "Organisation",
    "Team",
}  # public reference data


def unrestricted_reads(source: str) -> list[int]:
    """Lines where a domain model's manager is used without `.restrict(` straight after it."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "objects"
            and isinstance(node.value, ast.Name)
            and node.value.id in DOMAIN_MODELS
        ):
            lines.append(node.lineno)
    restricted = {
        n.lineno for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Attribute) and n.attr == "restrict"
    }
    return [line for line in lines if line not in restricted]


def view_modules() -> list[Path]:
    """Every module that answers requests: views.py, api.py and their siblings like geopackage_views.py."""
    return [
        path
        for path in ROOT.rglob("*.py")
        if (path.stem in ("views", "api") or path.stem.endswith(("_views", "_api")))
        and not {"tests", "migrations"} & set(path.parts)
    ]


def test_views_and_api_read_domain_data_only_through_restrict():
    offenders = {}
    for path in view_modules():
        bad = unrestricted_reads(path.read_text())
        if bad:
            offenders[str(path.relative_to(ROOT))] = bad
    assert offenders == {}


def test_the_lint_reads_every_module_that_answers_requests():
    names = {str(path.relative_to(ROOT)) for path in view_modules()}
    expected = {"hazards/views.py", "hazards/api.py", "geopackage/geopackage_views.py", "geopackage/geopackage_api.py"}
    assert expected <= names


def test_the_lint_knows_the_domain_models():
    assert {"HazardArea", "HazardAreaState", "LandReleaseActivity", "FieldReport"} <= DOMAIN_MODELS


def test_the_lint_itself_catches_a_bypass():
    assert unrestricted_reads("x = HazardArea.objects.all()") == [1]
    assert unrestricted_reads("x = HazardArea.objects.restrict(u).all()") == []


def all_patterns(resolver=None, prefix=""):  # type: ignore[no-untyped-def]
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


# The API description holds no data; the rest are the doors in.
PUBLIC = {"", "login/", "logout/", "i18n/setlang/", "api/v1/schema/", "api/v1/docs/"}
# The public dashboard: aggregates only, no login (dashboards/public.py; tested in dashboards/tests).
PUBLIC |= {"dashboard/public/", "dashboard/public/outlines.geojson"}
# Help is written text for every persona, the public's too: it holds no data (tested in help/tests).
PUBLIC |= {"help/"}
# OGC API - Features: the landing page, conformance, API description and the list of the collections the
# visitor may read hold no data; anonymous reads are the public dashboard's (ogcapi/tests/test_ogc_access.py).
PUBLIC |= {"ogc/", "ogc/conformance", "ogc/api", "ogc/collections", "ogc/tileMatrixSets"}
# The QGIS project: the collections the visitor may read as layers (addresses and styles, no record).
PUBLIC |= {"ogc/project.qgs"}
# The browser form's service worker: a script, the same for everyone (it caches only what the signed-in
# reader's own requests fetch, webforms/tests).
PUBLIC |= {"fill/sw.js"}


def concrete(route: str, pk: int) -> str:
    import re

    route = re.sub(r"<int:\w+>|<pk>|\(\?P<pk>[^)]+\)", str(pk), route)
    route = re.sub(r"\(\?P<format>[^)]+\)", "json", route)
    route = route.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/").replace("\\", "")
    return "/" + route


@pytest.fixture
def a_hazard(db):
    return HazardArea.objects.order_by("pk").first()


def test_no_page_or_endpoint_answers_an_anonymous_visitor_with_data(client, a_hazard):
    checked = 0
    for route, _pattern in all_patterns():
        if route in PUBLIC or "<" in concrete(route, a_hazard.pk) or "(?P" in route:
            continue
        url = concrete(route, a_hazard.pk)
        response = client.get(url)
        if response.status_code == 301:  # a moved address: where it points must refuse the visitor too
            url = response["Location"]
            response = client.get(url)
        assert response.status_code in (302, 401, 403, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith("/login/"), url
        checked += 1
    assert checked >= 12


ROLE_CAN_WRITE = {
    "tnmac.admin": True,
    "tnmac.im": True,
    "tnmac.qa": False,
    "npa.manager": False,
    "npa.clerk": False,
    "fsd.clerk": False,
    "hdc.clerk": False,
    "ust.clerk": False,
    "rcst.clerk": False,
    "donor.usdos": False,
    "coes.officer": False,
    "ciihl.viewer": False,
}


@pytest.mark.parametrize("username", sorted(ROLE_CAN_WRITE))
def test_every_role_on_every_hazard_path(persona, a_hazard, username):
    """Reads are open to every member organisation; direct writes only to the national editors."""
    client = persona(username)
    for url in (
        "/hazards/",
        "/hazards/list/",
        "/hazards/map.geojson",
        f"/hazards/{a_hazard.pk}/",
        f"/hazards/{a_hazard.pk}/history/",
        "/api/v1/hazards/",
        f"/api/v1/hazards/{a_hazard.pk}/",
        f"/api/v1/hazards/{a_hazard.pk}/history/",
        "/api/v1/land-release/",
        "/api/v1/reports/contamination/",
        "/api/v1/reports/released/",
    ):
        assert client.get(url).status_code == 200, (username, url)
    writes = ROLE_CAN_WRITE[username]
    assert (client.get("/hazards/new/").status_code == 200) == writes
    assert (client.get(f"/hazards/{a_hazard.pk}/edit/").status_code == 200) == writes
    patch = client.patch(
        f"/api/v1/hazards/{a_hazard.pk}/",
        {"version": a_hazard.version, "effective_date": "2026-01-01", "name": "x"},
        content_type="application/json",
    )
    assert (patch.status_code == 200) == writes, (username, patch.status_code)
