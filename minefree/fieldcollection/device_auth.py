"""Who an OpenRosa request comes from: HTTP Basic only, never the browser's session cookie.

A cookie rides along on any cross-origin form post, so a page elsewhere could send reports as the
logged-in user; ODK Collect always sends its own credentials. Each request is checked against the
login lockout first (a locked account or address gets no answer, cached or not). Argon2 with
100 MiB per check is right for stored passwords but far too slow for the 30-40 requests of one
"Get blank forms", so after one full check a verifier stays in the cache for a few minutes: an
HMAC, keyed by the server secret, of the user id, the stored hash and the supplied password. A
password change changes the stored hash and so the key; a failed check is never cached.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

VERIFIER_SECONDS = 600  # a phone's form download or send-all finishes well within this


class Locked:
    """Too many failed log-ins for this user name or this address."""


LOCKED = Locked()


def basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Basic "):
        return None
    try:
        username, sep, password = base64.b64decode(header[6:], validate=True).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return None
    return (username, password) if sep and username else None


def _verifier(user: Any, password: str) -> str:
    mac = salted_hmac("minefree.openrosa.basic", f"{user.pk}\0{user.password}\0{password}", algorithm="sha256")
    return "openrosa-basic:" + mac.hexdigest()


def device_user(request: HttpRequest) -> Any:
    """The user the Basic credentials name, None without valid ones, LOCKED while locked out."""
    credentials = basic_credentials(request)
    if credentials is None:
        return None
    username, password = credentials
    if not AxesProxyHandler.is_allowed(request, {"username": username}):
        return LOCKED
    known = get_user_model()._default_manager.filter(username=username).first()
    if known is not None and known.is_active and cache.get(_verifier(known, password)):
        return known
    user = authenticate(request, username=username, password=password)  # the lockout sees this one
    if user is None:
        return LOCKED if getattr(request, "axes_locked_out", False) else None
    cache.set(_verifier(user, password), True, VERIFIER_SECONDS)
    return user
