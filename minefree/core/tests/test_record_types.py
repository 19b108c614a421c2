"""The generic tests every registered record type gets: list, detail, permissions, report path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from minefree.core.permissions import Action
from minefree.core.registry import REGISTRY
from minefree.fieldwork import actions as reports
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation

TYPES = sorted(REGISTRY)
REPORTED = sorted(slug for slug, t in REGISTRY.items() if t.report_kind)


def objects(slug, username):
    model = REGISTRY[slug].model
    return model.objects.restrict(User.objects.get(username=username), Action.VIEW)


def personal(slug):
    return getattr(REGISTRY[slug].model, "data_class", "record") == "personal"


@pytest.mark.parametrize("slug", TYPES)
@pytest.mark.parametrize("username", ["tnmac.im", "npa.clerk", "donor.usdos"])
def test_list_and_detail_show_what_the_role_may_see(persona, slug, username):
    client = persona(username)
    visible = objects(slug, username)
    if personal(slug) and username != "tnmac.im":
        # Personal data: a role without that data class sees no record at all, not even a count.
        assert not visible.exists()
        assert client.get(f"/api/v1/{slug}/").json()["results"] == []
        record = REGISTRY[slug].model.objects.order_by("pk").first()
        assert client.get(f"/records/{slug}/{record.pk}/").status_code == 404
        return
    assert visible.exists(), f"the demo has no {slug} a {username} may see"
    assert client.get(f"/records/{slug}/").status_code == 200
    api = client.get(f"/api/v1/{slug}/?page_size=1000").json()
    assert len(api["results"]) == min(visible.count(), 1000)
    first = visible.order_by("-pk").first()
    page = client.get(f"/records/{slug}/{first.pk}/")
    assert page.status_code == 200 and str(first) in page.content.decode()
    assert client.get(f"/api/v1/{slug}/{first.pk}/").json()["id"] == first.pk


@pytest.mark.parametrize("slug", TYPES)
def test_someone_without_a_grant_sees_nothing(db, slug):
    stranger = User.objects.create_user("stranger")
    client = Client()
    client.force_login(stranger)
    record = REGISTRY[slug].model.objects.order_by("pk").first()
    assert client.get(f"/api/v1/{slug}/").json()["results"] == []
    assert client.get(f"/records/{slug}/{record.pk}/").status_code == 404
    assert client.get(f"/api/v1/{slug}/{record.pk}/").status_code == 404
    assert Client().get(f"/records/{slug}/").status_code == 302


@pytest.mark.parametrize("slug", REPORTED)
def test_created_through_a_field_report(user, slug):
    record_type = REGISTRY[slug]
    model = record_type.model
    before = model.objects.count()
    # Personal data is reported by a partner holding that data class; the rest by an NPA clerk.
    username, acronym = ("rcst.clerk", "RCST") if personal(slug) else ("npa.clerk", "NPA")
    clerk, im = user(username), user("tnmac.im")
    hazard = HazardArea.objects.filter(operator__acronym=acronym).order_by("pk").first()
    report, _ = reports.save_report(
        clerk,
        kind=record_type.report_kind,
        organisation=Organisation.objects.get(acronym=acronym),
        client_id=f"generic-{slug}",
        date_of_information=dt.date(2025, 5, 5),
        payload=record_type.sample(),
        hazard=hazard if record_type.report_needs_hazard else None,
    )
    report = reports.approve_report(im, reports.submit_report(clerk, report))
    assert model.objects.count() == before + 1
    assert any(model.objects.filter(pk=pk).exists() for pk in report.applied.values())


def test_operator_data_always_arrives_through_a_field_report():
    """A record type without a report kind must say it is the NMAC's own or reference data."""
    from minefree.fieldwork.payload import KINDS

    for slug, record_type in REGISTRY.items():
        if record_type.report_kind:
            assert record_type.report_kind in KINDS and record_type.sample, slug
        else:
            assert record_type.entered_by in ("nmac", "reference"), slug
