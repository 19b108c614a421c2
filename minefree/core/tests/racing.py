"""Helpers for tests that race real requests against the live test server (the `server` fixture)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from minefree.stress import Client, Outcome


def api_token(django_db_blocker: Any, username: str) -> str:
    """The API token of a demo persona, committed so the server thread sees it."""
    with django_db_blocker.unblock():
        return Token.objects.get_or_create(user=User.objects.get(username=username))[0].key


def caller(server: str, token: str) -> Callable[..., tuple[int, Any]]:
    """call(method, path, data=None) -> (status, JSON answer), as `token`'s user."""
    client = Client(server, Outcome(), "test")
    return lambda method, path, data=None: client.call(method, path, token, "test", data)


def together(*requests: Callable[[], Any]) -> list[Any]:
    """Run the requests in threads that start at the same instant; their results in order."""
    barrier = threading.Barrier(len(requests))
    results: list[Any] = [None] * len(requests)

    def go(index: int) -> None:
        barrier.wait()
        results[index] = requests[index]()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
