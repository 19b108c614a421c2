"""Log-in lockouts (django-axes): who is locked out, the answer they get, and the audited release.

Axes counts failed log-ins per user name and per address (`AXES_LOCKOUT_PARAMETERS`); one row
(`AccessAttempt`) per user name, address and browser holds the count since the first failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import Capability, has


def client_address(request: HttpRequest) -> str:
    """The phone's or browser's address.

    Behind the TLS proxy, `minefree serve` (waitress) has already put the address the trusted proxy
    saw into REMOTE_ADDR (core/serving.py); X-Forwarded-For itself is whatever a client wrote, so
    reading it here would let a guesser take a fresh address for every try.
    """
    return str(request.META.get("REMOTE_ADDR", ""))


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """A device gets an OpenRosa message it shows; a browser, a page saying to wait or ask."""
    if request.path.startswith(reverse("openrosa:submission").rsplit("/", 1)[0] + "/"):
        from minefree.fieldcollection.openrosa import locked_out

        return locked_out()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


@dataclass
class Lockout:
    """One user name or one address, with its failures inside the cool-off window."""

    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last: Any
    locked: bool


def current() -> list[Lockout]:
    """User names and addresses with failures that still count, locked ones first."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    found: list[Lockout] = []
    for kind in ("username", "ip_address"):
        for row in recent.values(kind).annotate(failures=Sum("failures_since_start"), last=Max("attempt_time")):
            if row[kind]:
                locked = row["failures"] >= settings.AXES_FAILURE_LIMIT
                found.append(Lockout(kind, row[kind], row["failures"], row["last"], locked))
    return sorted(found, key=lambda item: (not item.locked, -item.last.timestamp()))


@transaction.atomic
def release(user: Any, kind: str, value: str) -> int:
    """Forget the failures of one user name or one address; each forgotten row is audited."""
    if not has(user, Capability.MANAGE_ACCESS):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if kind not in ("username", "ip_address") or not value:
        raise ActionError(_("Unknown lockout."), field="kind")
    rows = list(AccessAttempt.objects.select_for_update().filter(**{kind: value}))
    for row in rows:
        before = {name: str(getattr(row, name)) for name in ("username", "ip_address", "user_agent")}
        before |= {"failures": row.failures_since_start, "last_failure": row.attempt_time.isoformat()}
        audit.record(user, "release_lockout", row, before, None)
    AxesProxyHandler.reset_attempts(**{kind: value})
    return len(rows)
