"""`./dev bench` figure for a phone's "Get blank forms": every form with its manifest and media.

As ODK Collect does it against a cold server (no cached verifier): formList, then for each form
its XForm, its manifest and each media file, all with HTTP Basic. Goal: 13 forms under 2 s.
"""

from __future__ import annotations

import base64
import re
import time

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory

PASSWORD = "bench-phone-passphrase"


def _get_blank_forms(client: Client) -> tuple[int, int]:
    """(forms, requests): the whole download, each answer checked for 200."""
    requests = 1
    listing = client.get("/openrosa/formList")
    assert listing.status_code == 200, listing.status_code
    forms = re.findall(
        r"<downloadUrl>([^<]+)</downloadUrl><manifestUrl>([^<]+)</manifestUrl>", listing.content.decode()
    )
    for form_url, manifest_url in forms:
        manifest = client.get(manifest_url)
        assert client.get(form_url).status_code == 200 and manifest.status_code == 200
        requests += 2
        for media_url in re.findall(r"<downloadUrl>([^<]+)</downloadUrl>", manifest.content.decode()):
            assert client.get(media_url).status_code == 200
            requests += 1
    return len(forms), requests


def get_blank_forms_figures(username: str = "rcst.clerk") -> None:
    with transaction.atomic():  # the bench password is rolled back
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        user.save()
        one_check = time.perf_counter()
        authenticate(RequestFactory().get("/"), username=username, password=PASSWORD)
        one_check = time.perf_counter() - one_check
        token = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
        phone = Client(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_X_OPENROSA_VERSION="1.0")
        cache.clear()  # a cold server: the first request checks the password in full
        started = time.perf_counter()
        forms, requests = _get_blank_forms(phone)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    print(f"{f'Get blank forms ({forms})':<24} {seconds:8.2f} s   ({requests} requests; goal: 13 forms under 2 s)")
    print(f"{'  one Argon2 check':<24} {one_check:8.2f} s   (once per phone, not once per request)")
