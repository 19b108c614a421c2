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
from django.test import Client

from minefree.demo.generate import build_demo

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        build_demo(PASSWORD)
    yield


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
