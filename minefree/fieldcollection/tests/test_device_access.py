"""Device access as ODK Central's App Users: a manager issues it on /devices/new/, the QR code sets a
phone up, the phone talks OpenRosa with no password over plain HTTP (or HTTPS), only for its
organisation and forms, each use is audited, and a revoked phone is refused at once."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from minefree.core.models import AuditEntry
from minefree.core.serving import allow_listening_host, listening_hosts
from minefree.fieldcollection import collect_settings
from minefree.fieldcollection.models import DeviceToken, Submission, SubmissionError
from minefree.fieldcollection.tests.collect import download, send
from minefree.fieldcollection.tests.test_openrosa import hazard_instance
from minefree.fieldwork.models import FieldReport
from minefree.organisations.models import Organisation

FORMS = ["minefree_hazard", "minefree_progress"]


def issue(manager: Client, organisation: str = "NPA", person: str = "npa.clerk", **extra: Any) -> Any:
    """The manager's POST of /devices/new/, as the page's form sends it."""
    org = Organisation.objects.get(acronym=organisation)
    from django.contrib.auth.models import User

    data = {
        "label": "Team 3 tablet",
        "organisation": org.pk,
        "issued_to": User.objects.get(username=person).pk,
        "form_ids": FORMS,
        "server": "http://testserver",
        **extra,
    }
    return manager.post("/devices/new/", data)


def shown(response: Any) -> tuple[str, str]:
    """(server URL, QR image data URI) as the page shows them once."""
    body = response.content.decode()
    url = re.search(r'<code class="server-url">([^<]+)</code>', body)
    qr = re.search(r'<p class="qr"><img src="([^"]+)"', body)
    assert url and qr, body[:2000]
    return html.unescape(url.group(1)), html.unescape(qr.group(1))


def phone() -> Client:
    """ODK Collect set up from a QR code: no Authorization header, ever."""
    return Client(HTTP_X_OPENROSA_VERSION="1.0", HTTP_USER_AGENT="org.odk.collect.android/v2025.2.1")


@pytest.fixture
def issued(persona: Any) -> tuple[str, DeviceToken, Client]:
    manager = persona("npa.manager")
    response = issue(manager)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    url, _qr = shown(response)
    return urlsplit(url).path, DeviceToken.objects.get(label="Team 3 tablet"), manager


def test_the_qr_code_holds_collects_settings_with_the_server_url(persona):
    response = issue(persona("npa.manager"))
    url, qr = shown(response)
    device = DeviceToken.objects.get(label="Team 3 tablet")
    secret = urlsplit(url).path.split("/")[2]
    assert url == f"http://testserver/key/{secret}" and len(secret) >= 43
    expected = {
        "general": {"server_url": url, "form_update_mode": "match_exactly", "autosend": "wifi_and_cellular"},
        "admin": {},
        "project": {"name": "MineFree NPA: Team 3 tablet"},
    }
    payload = collect_settings.encode(collect_settings.settings_for(device, url))
    assert collect_settings.decode(payload) == expected  # zlib-compressed JSON in base64, as Collect reads it
    assert qr == collect_settings.qr_data_uri(payload) and qr.startswith("data:image/svg+xml")
    # Only a hash is kept: the secret is nowhere in the database, the audit log included.
    assert device.secret_sha256 != secret and secret not in str(list(DeviceToken.objects.values()))
    entry = AuditEntry.objects.get(action="issue_device_access", object_id=str(device.pk))
    assert entry.user.username == "npa.manager" and secret not in str(entry.after)
    assert "secret_sha256" not in entry.after and entry.after["form_ids"] == FORMS
    # The list shows the device, and no secret.
    listing = persona("npa.manager").get("/devices/").content.decode()
    assert "Team 3 tablet" in listing and secret not in listing


def test_a_phone_gets_its_forms_and_sends_a_report_with_no_password(issued):
    server, device, _manager = issued
    client = phone()
    listing = client.get(f"{server}/formList")
    assert listing.status_code == 200 and listing["X-OpenRosa-Version"] == "1.0"
    body = listing.content.decode()
    assert sorted(re.findall(r"<formID>([^<]+)</formID>", body)) == FORMS  # its forms, no other
    assert f"http://testserver{server}/forms/minefree_hazard/form.xml" in body  # links keep the secret
    form = download(client, "minefree_hazard", server)  # form, manifest, media: md5 checked
    assert "districts.csv" in form.media
    instance_id = f"uuid:{uuid.uuid4()}"
    response = send(client, hazard_instance(instance_id), server)
    assert response.status_code == 201, response.content
    report = FieldReport.objects.get(client_id=instance_id)
    assert report.organisation.acronym == "NPA" and report.state == "submitted"
    stored = Submission.objects.get(instance_id=instance_id)
    assert stored.device == device and stored.user.username == "npa.clerk"
    # Each use: an audit entry about the device, in the name of the person it was issued to.
    uses = AuditEntry.objects.filter(action="use_device_access", object_id=str(device.pk)).order_by("id")
    assert [u.after["request"] for u in uses] == ["formList", "formList", "submission"]
    assert {u.user.username for u in uses} == {"npa.clerk"}
    assert uses.last().after["report"] == report.reference
    device.refresh_from_db()
    assert device.last_used_at is not None


def test_a_phone_reaches_only_its_forms(issued):
    server, _device, _manager = issued
    client = phone()
    assert client.get(f"{server}/forms/minefree_accident/form.xml").status_code == 404
    assert client.get(f"{server}/forms/minefree_accident/manifest").status_code == 404
    xml = (
        b'<data id="minefree_funding" version="1"><date>2025-07-01</date>'
        b"<meta><instanceID>uuid:out-of-scope</instanceID></meta></data>"
    )
    from minefree.fieldcollection.models import XForm

    version = XForm.objects.filter(form_id="minefree_funding", active=True).latest("uploaded_at").version
    response = send(client, xml.replace(b'version="1"', f'version="{version}"'.encode()), server)
    assert response.status_code == 403 and b"does not include the form minefree_funding" in response.content
    assert not FieldReport.objects.filter(client_id="uuid:out-of-scope").exists()
    kept = SubmissionError.objects.filter(instance_id="uuid:out-of-scope", form_id="minefree_funding", status=403)
    assert kept.exists()


def test_a_revoked_phone_is_refused_at_once(issued):
    server, device, manager = issued
    client = phone()
    assert client.get(f"{server}/formList").status_code == 200
    assert manager.post(f"/devices/{device.pk}/revoke/").status_code == 302
    for response in (
        client.get(f"{server}/formList"),
        client.get(f"{server}/forms/minefree_hazard/form.xml"),
        client.head(f"{server}/submission"),
    ):
        assert response.status_code == 403 and "WWW-Authenticate" not in response  # no password prompt
    refused = send_without_head(client, server, hazard_instance("uuid:after-revoke"))
    assert refused.status_code == 403 and b"revoked" in refused.content
    assert not FieldReport.objects.filter(client_id="uuid:after-revoke").exists()
    device.refresh_from_db()
    assert device.revoked_at is not None
    assert AuditEntry.objects.filter(action="revoke_device_access", object_id=str(device.pk)).exists()
    assert phone().get("/key/not-a-secret/formList").status_code == 403


def send_without_head(client: Client, server: str, xml: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"{server}/submission", {"xml_submission_file": SimpleUploadedFile("s.xml", xml, "text/xml")})


def test_a_phone_stops_when_its_person_no_longer_writes_for_the_organisation(issued):
    from minefree.organisations.models import Membership

    server, _device, _manager = issued
    Membership.objects.filter(user__username="npa.clerk").update(revoked_at="2026-01-01T00:00:00Z")
    response = phone().get(f"{server}/formList")
    assert response.status_code == 403 and b"no longer writes field reports for NPA" in response.content


def test_an_operators_manager_manages_its_own_organisations_phones_only(persona):
    manager = persona("npa.manager")
    refused = issue(manager, organisation="FSD", person="fsd.clerk")
    assert refused.status_code == 400 and not DeviceToken.objects.filter(organisation__acronym="FSD").exists()
    centre = persona("tnmac.im")
    assert issue(centre, organisation="FSD", person="fsd.clerk").status_code == 200
    fsd = DeviceToken.objects.get(organisation__acronym="FSD")
    assert manager.post(f"/devices/{fsd.pk}/revoke/").status_code == 404
    assert "Team 3 tablet" not in manager.get("/devices/").content.decode()
    # A person who does not write for the organisation is refused with the field named.
    wrong = issue(centre, organisation="NPA", person="fsd.clerk")
    assert wrong.status_code == 400
    assert persona("npa.clerk").get("/devices/").status_code == 403


def test_https_links_stay_https(issued):
    server, _device, _manager = issued
    body = phone().get(f"{server}/formList", secure=True).content.decode()
    assert f"https://testserver{server}/forms/minefree_hazard/form.xml" in body


def test_a_field_office_address_is_served_when_minefree_listens_on_it(settings, issued):
    """`minefree serve --host 192.168.1.20`: phones on that network use the address; other hosts stay refused."""
    server, _device, _manager = issued
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    lan = Client(HTTP_X_OPENROSA_VERSION="1.0", HTTP_HOST="192.168.1.20:8000")
    assert lan.get(f"{server}/formList").status_code == 400  # Django refuses a host it was not told of
    allow_listening_host("192.168.1.20")
    listing = lan.get(f"{server}/formList")
    assert listing.status_code == 200 and f"http://192.168.1.20:8000{server}/forms/" in listing.content.decode()
    forged = Client(HTTP_X_OPENROSA_VERSION="1.0", HTTP_HOST="evil.example.org")
    assert forged.get(f"{server}/formList").status_code == 400
    assert listening_hosts("0.0.0.0") == [] and listening_hosts("::") == []  # all addresses: named in settings
