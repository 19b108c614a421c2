"""Decisions on one field report sent at the same instant to the live server: one wins, the rest get 409.

Each round races real HTTP requests (threads released together); the row lock and the state read
again under it decide, so a rejected report never leaves a hazardous area behind it and an approval
never applies twice.
"""

import uuid

from minefree.core.tests.racing import api_token, caller, together
from minefree.hazards.models import HazardArea

ROUNDS = 4


def drafted(clerk, name, lon, lat):
    """A new hazard report draft of NPA's, its API URL."""
    body = {
        "kind": "hazard",
        "organisation": "NPA",
        "client_id": f"race-{uuid.uuid4()}",
        "date_of_information": "2024-05-01",
        "payload": {
            "name": name,
            "admin_area": "TJ-SU-GFR",
            "classification": "SHA",
            "contamination": "ap_mines",
            "geometry": {"type": "Polygon", "coordinates": [box(lon, lat)]},
        },
    }
    status, report = clerk("POST", "/api/v1/field-reports/", body)
    assert status == 201, report
    return f"/api/v1/field-reports/{report['id']}/"


def submitted(clerk, name, n):
    url = drafted(clerk, name, 69.70 + n * 0.004, 40.70)
    status, report = clerk("POST", f"{url}submit/", {})
    assert status == 200, report
    return url


def box(lon, lat, d=0.002):
    return [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]


def areas_named(django_db_blocker, name):
    with django_db_blocker.unblock():
        return HazardArea.objects.filter(name=name).count()


def reviewers(server, django_db_blocker):
    clerk = caller(server, api_token(django_db_blocker, "npa.clerk"))
    im = caller(server, api_token(django_db_blocker, "tnmac.im"))
    return clerk, im


def test_approve_and_reject_sent_together_decide_once(server, django_db_blocker):
    clerk, im = reviewers(server, django_db_blocker)
    for n in range(ROUNDS):
        name = f"Approve or reject {uuid.uuid4()}"
        url = submitted(clerk, name, n)
        approve, reject = together(
            lambda url=url: im("POST", url + "approve/", {"confirm": True}),
            lambda url=url: im("POST", url + "reject/", {"comment": "Duplicate of an NTS already filed"}),
        )
        assert sorted([approve[0], reject[0]]) == [200, 409], (approve, reject)
        loser = approve if approve[0] == 409 else reject
        assert "state" in loser[1]["errors"], loser
        state = im("GET", url)[1]["state"]
        assert state == ("approved" if approve[0] == 200 else "rejected")
        # A rejected report leaves no area behind; an approved one made exactly one.
        assert areas_named(django_db_blocker, name) == (1 if state == "approved" else 0)


def test_two_approvals_at_once_apply_the_report_once(server, django_db_blocker):
    clerk, im = reviewers(server, django_db_blocker)
    for n in range(ROUNDS):
        name = f"Approved twice {uuid.uuid4()}"
        url = submitted(clerk, name, n)
        answers = together(*[lambda url=url: im("POST", url + "approve/", {"confirm": True})] * 2)
        assert sorted(status for status, _body in answers) == [200, 409], answers
        assert areas_named(django_db_blocker, name) == 1


def test_every_decision_at_once_only_one_is_taken(server, django_db_blocker):
    clerk, im = reviewers(server, django_db_blocker)
    name = f"All decisions {uuid.uuid4()}"
    url = submitted(clerk, name, 0)
    answers = together(
        lambda url=url: im("POST", url + "approve/", {"confirm": True}),
        lambda url=url: im("POST", url + "reject/", {"comment": "No"}),
        lambda url=url: im("POST", url + "return/", {"comment": "Which village?"}),
    )
    assert sorted(status for status, _body in answers) == [200, 409, 409], answers
    _status, report = im("GET", url)
    assert len(report["comments"]) == (0 if report["state"] == "approved" else 1)


def test_a_report_submitted_twice_at_once_is_submitted_once(server, django_db_blocker):
    clerk, _im = reviewers(server, django_db_blocker)
    for _n in range(ROUNDS):
        url = drafted(clerk, "Sent twice", 69.75, 40.75) + "submit/"
        answers = together(*[lambda url=url: clerk("POST", url, {})] * 2)
        assert sorted(status for status, _body in answers) == [200, 409], answers
