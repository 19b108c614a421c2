"""The browser form: filled, queued with the network off, sent when it returns; fits a phone in Russian."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page, expect

from minefree.conftest import docs_screenshot, log_in
from minefree.core.tests.screen import sticking_out
from minefree.fieldcollection.models import Submission

pytestmark = pytest.mark.browser

FORM = "minefree_spot_task"
DUSHANBE = {"latitude": 38.56, "longitude": 68.78, "accuracy": 4}


KEPT = """(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const active = Boolean(registration && registration.active && registration.active.state === "activated");
    return active && Boolean(await caches.match(location.href, {ignoreVary: true}));
})()"""


def answer(page: Page, label: str) -> object:
    return page.locator(f'.question-container:has(.control-text label:text-is("{label}"))')


def test_a_form_filled_offline_is_queued_and_sent_when_the_connection_returns(page: Page, server: str) -> None:
    context = page.context
    context.grant_permissions(["geolocation"], origin=server)
    context.set_geolocation(DUSHANBE)
    log_in(page, server, "npa.clerk")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto(f"{server}/fill/")
    page.errors.clear()  # type: ignore[attr-defined]  # the home map's, after log-in, are not this page's
    page.get_by_role("link", name="Explosive ordnance spot task").click()
    expect(page.locator(".odk-form")).to_be_visible(timeout=30_000)
    # What going offline needs: the worker active (it answers the next load whether or not it has
    # claimed this one yet) and this page kept. Polled from here: wait_for_function polls with eval
    # inside the page, which its policy forbids.
    deadline = time.monotonic() + 45
    while not page.evaluate(KEPT):
        assert time.monotonic() < deadline, "the service worker never became active and kept the page"
        page.wait_for_timeout(200)
    page.wait_for_timeout(1000)  # the worker keeps what the first load used

    context.set_offline(True)
    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker
    assert page.evaluate("caches.match(location.href, {ignoreVary: true}).then((r) => Boolean(r))")
    expect(page.locator(".odk-form")).to_be_visible(timeout=30_000)
    before = Submission.objects.filter(form__form_id=FORM).count()

    for label in ("Found on", "Disposed on"):
        answer(page, label).locator("input").click()
        page.locator(".p-datepicker-today-button:visible").last.click()
        page.keyboard.press("Escape")
    answer(page, "Location").get_by_text("Get location", exact=True).click()
    page.locator(".geo-dialog-footer").get_by_text("Save location", exact=True).click()
    page.get_by_text("Anti-personnel mine", exact=True).click()
    answer(page, "Type (e.g. VOG-17)").locator("input").fill("PMN-2")
    answer(page, "Quantity").locator("input").press_sequentially("2")
    page.get_by_text("Destroyed in situ", exact=True).click()
    docs_screenshot(page, "webform-spot-task.png", full_page=True)
    page.get_by_role("button", name="Send").click()

    expect(page.locator("#queued")).to_have_text("1", timeout=15_000)
    assert Submission.objects.filter(form__form_id=FORM).count() == before

    context.set_offline(False)
    expect(page.locator("#queued")).to_have_text("0", timeout=30_000)
    sent = Submission.objects.filter(form__form_id=FORM).order_by("-pk").first()
    assert Submission.objects.filter(form__form_id=FORM).count() == before + 1
    assert sent is not None and sent.user.username == "npa.clerk"
    assert sent.report.kind == "spot_task" and sent.report.payload["ordnance_type"] == "PMN-2"
    # Only the requests made while offline may fail; the page's policy blocked nothing it needs.
    errors = page.errors  # type: ignore[attr-defined]
    assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
    errors.clear()


def test_the_form_fits_a_phone_in_russian(browser: Browser, server: str) -> None:
    # A profile of its own: the first test's service worker and offline switch stay out of it.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        context.add_cookies([{"name": "django_language", "value": "ru", "url": server}])
        page = context.new_page()
        log_in(page, server, "npa.clerk")
        page.wait_for_url(lambda url: "/login/" not in url)
        page.goto(f"{server}/fill/{FORM}/")
        expect(page.locator(".odk-form")).to_be_visible(timeout=30_000)
        expect(page.locator("main > h1")).to_have_text("Точечная задача по взрывоопасным предметам")
        assert sticking_out(page, 390) is None
    finally:
        context.close()
