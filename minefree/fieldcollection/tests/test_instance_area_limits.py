"""An instance already received belongs to its report: resending or editing it (deprecatedID) is for
a writer whose grant reaches that report where it is now, and a refusal names no report the sender
may not see (who may is asked before whether the edit is stale)."""

from __future__ import annotations

import re

from minefree.fieldcollection.models import Submission
from minefree.fieldcollection.tests.collect import device, download, send
from minefree.fieldwork.models import FieldReport

SPOT = {
    "date": "2025-07-01",
    "category": "uxo",
    "ordnance_type": "VOG-17",
    "quantity": "2",
    "disposal": "in_situ",
    "disposed_on": "2025-07-01",
}
ISFARA = "40.035 70.729 0 0"  # Sughd region
KHATLON = "38.095 70.3045 0 0"


def message(response) -> str:
    found = re.search(r"<message[^>]*>([^<]*)</message>", response.content.decode())
    assert found, response.content.decode()
    return found.group(1)


def isfara_report() -> tuple[str, bytes, FieldReport]:
    """npa.clerk (NPA, everywhere) reports a spot task in Isfara."""
    clerk = device("npa.clerk")
    instance_id, xml = download(clerk, "minefree_spot_task").fill(SPOT | {"location": ISFARA})
    answer = send(clerk, xml)
    assert answer.status_code == 201, message(answer)
    report = FieldReport.objects.get(client_id=instance_id)
    assert report.admin_area.parent.code == "TJ-SU"
    return instance_id, xml, report


def test_an_area_limited_clerk_cannot_edit_a_report_outside_its_area_into_its_own(db):
    instance_id, _xml, report = isfara_report()
    khatlon = device("npa.khatlon")
    form = download(khatlon, "minefree_spot_task")
    edit_id, edit = form.fill(SPOT | {"location": KHATLON, "ordnance_type": "Taken over"}, deprecated=instance_id)
    answer = send(khatlon, edit)
    assert answer.status_code == 403 and report.reference not in message(answer)
    kept = FieldReport.objects.get(pk=report.pk)
    assert kept.version == report.version and kept.admin_area_id == report.admin_area_id
    assert kept.payload == report.payload
    assert not Submission.objects.filter(instance_id=edit_id).exists()

    # Its own Khatlon report it still edits from the phone.
    own_id, own = form.fill(SPOT | {"location": KHATLON})
    assert send(khatlon, own).status_code == 201
    _edit_id, edit = form.fill(SPOT | {"location": KHATLON, "quantity": "3"}, deprecated=own_id)
    answer = send(khatlon, edit)
    assert answer.status_code == 201, message(answer)
    assert FieldReport.objects.get(client_id=own_id).payload["quantity"] == "3"


def test_resending_an_instance_of_a_report_outside_the_area_names_no_report(db):
    _instance_id, xml, report = isfara_report()
    answer = send(device("npa.khatlon"), xml)
    assert answer.status_code == 403 and report.reference not in message(answer)
    assert send(device("npa.clerk"), xml).status_code == 202  # its writer still hears "already received"


def test_an_edit_by_another_organisation_is_refused_before_it_is_called_stale(db):
    instance_id, _xml, report = isfara_report()
    clerk = device("npa.clerk")
    form = download(clerk, "minefree_spot_task")
    _newer_id, newer = form.fill(SPOT | {"location": ISFARA}, deprecated=instance_id)
    assert send(clerk, newer).status_code == 201
    # Another organisation's officer, sending the same form with the first version as deprecatedID.
    _stale_id, stale = form.fill(SPOT | {"location": ISFARA, "quantity": "9"}, deprecated=instance_id)
    answer = send(device("coes.officer"), stale)
    assert answer.status_code == 403 and report.reference not in message(answer)
