"""Shared fixtures: the demo dataset is built once per run and read by every test.

Tests that write run inside a transaction rolled back at the end (pytest-django's `db`);
the browser tests talk to a real server thread and leave their records behind, so they only
add records and never rely on totals of the present day.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection, connections
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import setup_databases, teardown_databases
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from minefree.demo.generate import build_demo
from minefree.exports.tests.workers import start_worker, stop_worker

PASSWORD = "correct-horse-battery"
CHROMIUM = "/usr/bin/chromium"
# Set by the second-country test (countrysetup/tests/test_second_country.py) for the run it starts on a
# fresh database: that run's tests set their own country up, and no Tajik data may be there.
WITHOUT_DEMO = "MINEFREE_TEST_WITHOUT_DEMO"
ARTIFACTS = Path(os.environ.get("MINEFREE_TEST_ARTIFACTS", Path.cwd() / "test-artifacts"))
DOCS_IMG = Path(__file__).resolve().parents[1] / "docs" / "img"
BROWSER_FIXTURES = {"page", "server", "browser"}


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Browser modules run last, whole, so the one server, worker and Chromium they share start once,
    after every other test. `./dev test` runs the suite on both engines at once; a test that uses
    neither, or checks only how pages are laid out, runs once."""
    browser_modules = {item.path for item in items if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))}
    items.sort(key=lambda item: item.path in browser_modules)  # stable: the order within each part stays
    if connection.vendor != "postgresql":
        return
    skip = pytest.mark.skip(reason="the same on either engine: the SpatiaLite run runs it")
    for item in items:
        if "engine_free" in item.keywords or "layout" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment: Any, django_db_blocker: Any) -> Iterator[None]:
    # Always create the test database, also when only the browser tests (no `db` marker) run.
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False)
        if not os.environ.get(WITHOUT_DEMO):
            build_demo(PASSWORD)
    yield
    with django_db_blocker.unblock():
        # Request threads of the browser tests' server may still hold PostgreSQL sessions.
        connections.close_all()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connections.close_all()
        teardown_databases(config, verbosity=0)


@pytest.fixture
def persona(db: Any) -> Any:
    """Log a Django test client in as a demo persona: persona('tnmac.im')."""

    def login(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return login


@pytest.fixture
def user(db: Any) -> Any:
    return lambda username: User.objects.get(username=username)


@pytest.fixture(scope="session")
def server(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """A real HTTP server on the test database (the demo data is committed there), with a real
    `minefree worker` process beside it for the jobs its pages start, as `minefree serve` has.
    One for the run: the modules that use it run last (see pytest_collection_modifyitems), so the
    worker cannot take the jobs of the tests that start their own workers."""
    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        worker = start_worker(test_kinds=False)
        yield f"http://127.0.0.1:{thread.port}"
        stop_worker(worker)
        thread.terminate()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread from here on; the ORM calls in these
    # tests are plain synchronous reads, so Django's async guard is lifted. The browser modules run
    # last, so no other test runs under the lifted guard.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile per module (no cookies or storage carried over), in the run's one Chromium."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Script errors fail the test that caused them, with the message.
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def docs_screenshot(shown: Page | Locator, name: str, **options: Any) -> None:
    """Refresh a picture the docs show (docs/img/NAME) of a page or one element of it. Only the SpatiaLite
    run writes it: `./dev test` runs both engines at once, and two runs writing one file could tear it."""
    if connection.vendor == "sqlite":
        shown.screenshot(path=str(DOCS_IMG / name), **options)


def log_in(page: Page, server: str, username: str) -> None:
    page.goto(f"{server}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
