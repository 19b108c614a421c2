"""Shared fixtures: the demo dataset is built once per run and read by every test.

Tests that write run inside a transaction rolled back at the end (pytest-django's `db`);
the browser tests talk to a real server thread and leave their records behind, so they only
add records and never rely on totals of the present day.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client
from django.test.utils import setup_databases, teardown_databases

from minefree.demo.generate import build_demo

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment: Any, django_db_blocker: Any) -> Iterator[None]:
    # Always create the test database, also when only the browser tests (no `db` marker) run.
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False)
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
