"""The log-in page locks a user name and an address after repeated wrong passwords; the administrator
sees the lockouts under /access/ and releases them, audited; a browser session lasts hours, not weeks."""

from __future__ import annotations

from django.conf import settings as django_settings
from django.test import Client

from minefree.conftest import PASSWORD
from minefree.core.models import AuditEntry


def log_in(username: str, password: str, address: str = "10.5.5.5") -> tuple[Client, object]:
    client = Client(REMOTE_ADDR=address)
    return client, client.post("/login/", {"username": username, "password": password})


def test_wrong_passwords_lock_the_account_until_the_administrator_releases_it(persona):
    limit = django_settings.AXES_FAILURE_LIMIT  # the default, 10
    for attempt in range(limit):
        _client, response = log_in("npa.clerk", f"guess-{attempt}", address=f"10.6.6.{attempt}")
        assert response.status_code in (200, 429)
    _client, refused = log_in("npa.clerk", PASSWORD, address="10.7.7.7")  # the right one, elsewhere
    page = refused.content.decode()
    assert refused.status_code == 429 and "Too many failed log-ins" in page and "administrator" in page
    assert "_auth_user_id" not in _client.session

    admin = persona("tnmac.admin")
    listing = admin.get("/access/lockouts/").content.decode()
    assert "npa.clerk" in listing and "locked out" in listing
    assert persona("tnmac.im").get("/access/lockouts/").status_code == 403
    assert admin.post("/access/lockouts/release/", {"kind": "username", "value": "npa.clerk"}).status_code == 302
    assert AuditEntry.objects.filter(action="release_lockout", user__username="tnmac.admin").exists()
    assert "npa.clerk" not in admin.get("/access/lockouts/").content.decode()

    client, accepted = log_in("npa.clerk", PASSWORD, address="10.7.7.7")
    assert accepted.status_code == 302 and client.session["_auth_user_id"]


def test_wrong_passwords_from_one_address_lock_that_address(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("someone", "someone.else", "a.third"):
        log_in(name, "guess", address="10.8.8.8")
    _client, refused = log_in("npa.clerk", PASSWORD, address="10.8.8.8")
    assert refused.status_code == 429
    _client, accepted = log_in("npa.clerk", PASSWORD, address="10.8.8.9")
    assert accepted.status_code == 302


def test_logging_in_with_ones_own_account_does_not_clear_the_count(db, settings):
    """Else one valid account could guess at others without end, clearing the count in between."""
    settings.AXES_FAILURE_LIMIT = 3
    for attempt in range(2):
        log_in("npa.clerk", f"guess-{attempt}", address="10.9.9.1")
    _client, own = log_in("fsd.clerk", PASSWORD, address="10.9.9.1")  # same address, own account
    assert own.status_code == 302
    log_in("npa.clerk", "guess-2", address="10.9.9.1")
    _client, refused = log_in("npa.clerk", PASSWORD, address="10.9.9.3")
    assert refused.status_code == 429


def test_a_browser_session_ends_within_a_working_day(db):
    client, response = log_in("npa.clerk", PASSWORD)
    assert response.status_code == 302
    cookie = client.cookies["sessionid"]
    assert int(cookie["max-age"]) == 12 * 3600
    assert client.session.get_expiry_age() == 12 * 3600
