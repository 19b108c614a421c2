"""How a phone logs in to /openrosa/: its own Basic credentials only, never the browser's session,
checked in full once and then through a cached verifier, and locked out after repeated failures."""

from __future__ import annotations

import base64
from typing import Any, ClassVar

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minefree.conftest import PASSWORD
from minefree.fieldcollection.tests.collect import download
from minefree.fieldcollection.tests.test_openrosa import hazard_instance
from minefree.fieldwork.models import FieldReport


class CountingArgon2(Argon2PasswordHasher):
    """Argon2 as configured, counting the full checks it makes."""

    checks: ClassVar[list[str]] = []

    def verify(self, password: str, encoded: str) -> bool:
        CountingArgon2.checks.append(password)
        return super().verify(password, encoded)


@pytest.fixture
def argon2_checks(settings: Any) -> list[str]:
    # Last, so it is the one that checks "argon2" hashes (the first still makes new ones).
    settings.PASSWORD_HASHERS = [*settings.PASSWORD_HASHERS, f"{__name__}.CountingArgon2"]
    cache.clear()  # no verifier left from an earlier test
    CountingArgon2.checks.clear()
    return CountingArgon2.checks


def phone(username: str, password: str = PASSWORD, address: str = "10.1.1.1") -> Client:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return Client(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_X_OPENROSA_VERSION="1.0", REMOTE_ADDR=address)


def instance_post(client: Client, instance_id: str) -> Any:
    parts = {"xml_submission_file": SimpleUploadedFile("instance.xml", hazard_instance(instance_id), "text/xml")}
    return client.post("/openrosa/submission", parts)


def test_a_browser_session_does_not_send_reports(persona):
    """A page on another origin posting with the clerk's cookie gets the login challenge, and nothing is kept."""
    browser = persona("npa.clerk")
    assert browser.cookies.get("sessionid")
    browser.defaults["HTTP_X_OPENROSA_VERSION"] = "1.0"  # even a script that sets the header
    instance_id = "uuid:planted-by-another-origin"
    response = instance_post(browser, instance_id)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")
    assert not FieldReport.objects.filter(client_id=instance_id).exists()
    for url in ("/openrosa/formList", "/openrosa/forms/minefree_hazard/form.xml"):
        assert browser.get(url).status_code == 401


def test_cached_browser_credentials_without_the_openrosa_header_send_nothing(db):
    """A browser that once typed Basic credentials sends them on a cross-origin form post too."""
    browser = phone("npa.clerk")
    del browser.defaults["HTTP_X_OPENROSA_VERSION"]
    response = instance_post(browser, "uuid:form-post-from-elsewhere")
    assert response.status_code == 400 and "X-OpenRosa-Version" in response.content.decode()
    assert not FieldReport.objects.filter(client_id="uuid:form-post-from-elsewhere").exists()


def test_get_blank_forms_checks_the_password_in_full_once(db, argon2_checks):
    client = phone("npa.clerk")
    for form_id in ("minefree_hazard", "minefree_progress", "minefree_marking"):
        download(client, form_id)  # formList, form, manifest, each media file
    assert argon2_checks == [PASSWORD]


def test_a_changed_password_is_checked_again_and_the_old_one_refused(db, argon2_checks):
    assert phone("npa.clerk").get("/openrosa/formList").status_code == 200
    clerk = User.objects.get(username="npa.clerk")
    clerk.set_password("a-new-passphrase-for-the-clerk")
    clerk.save()
    assert phone("npa.clerk").get("/openrosa/formList").status_code == 401
    assert phone("npa.clerk", "a-new-passphrase-for-the-clerk").get("/openrosa/formList").status_code == 200
    assert argon2_checks == [PASSWORD, PASSWORD, "a-new-passphrase-for-the-clerk"]


def test_a_wrong_password_is_checked_in_full_every_time(db, argon2_checks):
    for _attempt in range(2):
        assert phone("npa.clerk", "guess").get("/openrosa/formList").status_code == 401
    assert argon2_checks == ["guess", "guess"]


def test_a_deactivated_user_is_refused_at_once(db, argon2_checks):
    assert phone("npa.clerk").get("/openrosa/formList").status_code == 200
    User.objects.filter(username="npa.clerk").update(is_active=False)
    assert phone("npa.clerk").get("/openrosa/formList").status_code == 401


def test_wrong_passwords_lock_the_account_even_for_the_right_one(db, settings, argon2_checks):
    settings.AXES_FAILURE_LIMIT = 3
    clerk = phone("npa.clerk", address="10.2.2.2")
    assert clerk.get("/openrosa/formList").status_code == 200  # the phone is verified and cached
    for _attempt in range(3):
        phone("npa.clerk", "guess", address="10.9.9.9").get("/openrosa/formList")
    refused = clerk.get("/openrosa/formList")  # another address, the right password, a cached verifier
    assert refused.status_code == 429 and refused["X-OpenRosa-Version"] == "1.0"
    body = refused.content.decode()
    assert "OpenRosaResponse" in body and "administrator" in body and int(refused["Retry-After"]) > 0
    assert phone("npa.manager", address="10.2.2.2").get("/openrosa/formList").status_code == 200


def test_wrong_passwords_from_one_address_lock_that_address(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("nobody1", "nobody2", "nobody3"):
        assert phone(name, "guess", address="10.3.3.3").get("/openrosa/formList").status_code in (401, 429)
    assert phone("npa.clerk", address="10.3.3.3").get("/openrosa/formList").status_code == 429
    assert phone("npa.clerk", address="10.4.4.4").get("/openrosa/formList").status_code == 200
