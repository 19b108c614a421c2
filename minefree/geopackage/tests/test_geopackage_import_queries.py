"""The round-trip import reads and writes in batches: its queries do not grow with the features."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minefree.core.models import AuditEntry
from minefree.fieldwork import actions as report_actions
from minefree.fieldwork.models import FieldReport, Notification
from minefree.geopackage.geopackage_bench import edited_round_trip
from minefree.geopackage.geopackage_import import import_geopackage
from minefree.geopackage.models import ImportedChange
from minefree.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def queries_to_import(tmp_path: Path, new: int) -> tuple[int, int, int]:
    """Reads and inserts to import a file with every exported area renamed and `new` areas drawn; reports made."""
    clerk = User.objects.get(username="npa.clerk")
    path = tmp_path / f"edited-{new}.gpkg"
    edited_round_trip(clerk, Organisation.objects.get(acronym="NPA"), path, new)
    with CaptureQueriesContext(connection) as queries:
        result = import_geopackage(clerk, path, path.name)
    inserts = sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT"))
    return len(queries) - inserts, inserts, len(result.created)


def test_queries_do_not_grow_with_the_features(tmp_path: Path) -> None:
    few_reads, few_inserts, made_few = queries_to_import(tmp_path, 3)
    many_reads, many_inserts, made_many = queries_to_import(tmp_path, 60)
    assert made_many - made_few == 57  # every new polygon became a report: nothing was skipped to save queries
    # Reads and updates once per file and per batch of 500, never per feature (the first import also
    # read the content types the audit names).
    assert many_reads <= few_reads, (few_reads, many_reads)
    # Rows go in bulk; SQLite only splits a bulk insert at its limit of bound values per statement.
    assert many_inserts - few_inserts < 57 / 10, (few_inserts, many_inserts)


def test_each_report_is_saved_submitted_audited_and_announced_as_one_by_one(tmp_path: Path) -> None:
    """The batch writes what save_report then submit_report wrote for each report: same entries, same notices."""
    clerk = User.objects.get(username="npa.clerk")
    path = tmp_path / "edited.gpkg"
    edited_round_trip(clerk, Organisation.objects.get(acronym="NPA"), path, 4)
    result = import_geopackage(clerk, path, path.name)
    reports = FieldReport.objects.filter(pk__in=[c.report_id for c in result.created])
    assert reports.count() == len(result.created) > 4
    assert set(reports.values_list("state", "version")) == {(FieldReport.State.SUBMITTED, 2)}
    assert all(r.submitted_at is not None and r.admin_area_id is not None for r in reports)
    new = reports.filter(hazard__isnull=True)
    assert new.count() == 4 and all(r.geometry is not None and r.payload["admin_area"] for r in new)
    ids = [str(r.pk) for r in reports]
    saved = AuditEntry.objects.filter(action="save_report", object_id__in=ids)
    submitted = AuditEntry.objects.filter(action="submit_report", object_id__in=ids)
    assert saved.count() == submitted.count() == reports.count()
    assert {e.after["state"] for e in saved} == {"draft"} and {e.before["state"] for e in submitted} == {"draft"}
    assert {e.after["state"] for e in submitted} == {"submitted"} and {e.user_id for e in saved} == {clerk.pk}
    # The same content sent one by one (save_report, submit_report) tells the same reviewers.
    first = new.order_by("pk").first()
    assert first is not None
    single, made = report_actions.save_report(
        clerk,
        kind="hazard",
        organisation=first.organisation,
        client_id="one-by-one",
        date_of_information=first.date_of_information,
        payload=first.payload,
    )
    report_actions.submit_report(clerk, single)
    told = set(Notification.objects.filter(report=single).values_list("user_id", flat=True))
    assert made and told
    for report in reports:
        assert set(Notification.objects.filter(report=report).values_list("user_id", flat=True)) == told
    assert single.admin_area_id == first.admin_area_id and single.geometry.equals_exact(first.geometry, 1e-9)
    assert ImportedChange.objects.filter(source=result.source).count() == reports.count()
    references = list(reports.values_list("reference", flat=True))
    assert len(set(references)) == len(references) and all(r.startswith("NPA-FR-") for r in references)
    again = import_geopackage(clerk, path, path.name)  # the same file twice: nothing new
    assert again.source is None and len(again.repeated) == reports.count()
