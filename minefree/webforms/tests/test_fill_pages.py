"""Who sees which forms to fill, and a browser session's submission needs its CSRF token."""

from __future__ import annotations

from typing import Any

from django.test import Client

FORM_LINK = 'href="/fill/minefree_'


def test_a_donor_is_offered_no_form(persona: Any) -> None:
    page = persona("donor.usdos").get("/fill/")
    assert page.status_code == 200
    assert FORM_LINK not in page.content.decode()
    assert persona("donor.usdos").get("/fill/minefree_spot_task/form.xml").status_code == 404


def test_the_victim_form_only_under_a_grant_with_personal_data(persona: Any) -> None:
    clerk = persona("npa.clerk").get("/fill/").content.decode()
    assert 'href="/fill/minefree_spot_task/"' in clerk
    assert 'href="/fill/minefree_victim/"' not in clerk
    assert persona("npa.clerk").get("/fill/minefree_victim/").status_code == 404
    assert 'href="/fill/minefree_victim/"' in persona("rcst.clerk").get("/fill/").content.decode()


def test_a_submission_without_the_csrf_token_is_refused(persona: Any) -> None:
    client: Client = persona("npa.clerk")
    client.handler.enforce_csrf_checks = True  # type: ignore[attr-defined]
    response = client.post("/fill/submission", {}, HTTP_X_OPENROSA_VERSION="1.0")
    assert response.status_code == 403


def test_the_form_page_runs_only_its_import_map_inline(persona: Any) -> None:
    response = persona("npa.clerk").get("/fill/minefree_spot_task/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    sources = policy["script-src"].split()
    nonce = next(s for s in sources if s.startswith("'nonce-"))[len("'nonce-") : -1]
    assert sorted(sources) == sorted(["'self'", f"'nonce-{nonce}'", "'wasm-unsafe-eval'"])
    html = response.content.decode()
    assert html.count(f'nonce="{nonce}"') == 1 and f'<script type="importmap" nonce="{nonce}">' in html
    # Every other page keeps the plain policy: the nonce is this page's alone.
    other = persona("npa.clerk").get("/fill/")["Content-Security-Policy"]
    assert "nonce" not in other and "wasm" not in other
