"""The PDF, the CLI and the /treaty/ pages: what the NMAC sends, and what donors may download."""

from __future__ import annotations

import datetime as dt
import io
import json

import pypdf
import pytest
from django.contrib.auth.models import User
from django.db.models import Count

from minefree.casualties.models import Referral, Victim
from minefree.cli import main
from minefree.core.crypto import unseal
from minefree.core.models import AuditEntry
from minefree.exports.jobs import run_job
from minefree.gazetteer.models import AdminArea
from minefree.hazards.actions import update_hazard_area
from minefree.hazards.models import HazardAreaState, LandReleaseActivity
from minefree.organisations.actions import grant_access
from minefree.organisations.models import Organisation, Role
from minefree.reporting import land
from minefree.reporting.models import TreatyReport
from minefree.reporting.tests.article7_helpers import cover_marks, table, workbook
from minefree.reporting.treaty import build, jobs, pdf
from minefree.reporting.treaty.sources import Sources


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_has_the_cover_page_the_forms_and_the_figures(db, user):
    # A place name in Cyrillic must print as letters, not boxes.
    hazard = (
        HazardAreaState.objects.as_of(dt.date(2019, 12, 31))
        .remaining()
        .filter(contamination="ap_mines", hazard__country__code="TJK")
        .first()
        .hazard
    )
    update_hazard_area(
        user("tnmac.im"),
        hazard,
        expected_version=hazard.version,
        effective_date=dt.date(2019, 6, 1),
        changes={"name": "Дарвоз, кишлоки Роғ"},
    )
    text = _text(pdf.render(build.generate(Sources.national(), "apmbc", 2019)))
    first_page = text.split("Form A: National implementation measures")[0]
    assert "State Party: Tajikistan" in first_page and "Reporting period: 01/01/2019 – 31/12/2019" in first_page
    assert "☒ changed" in first_page and "☐ not applicable" in first_page
    for heading in (
        "Form A: National implementation measures",
        "Form C: Location of mined areas that contain or are suspected to contain anti-personnel mines",
        "Form G: Anti-personnel mines destroyed after entry into force",
        "Form I: Measures taken to provide an immediate and effective warning to the population",
        "Form J: Other relevant matters",
    ):
        assert heading in text
    m2 = land.contamination(
        HazardAreaState.objects.filter(contamination="ap_mines"), dt.date(2019, 12, 31), country="TJK"
    )["total"]["m2"]
    assert f"{m2:,}" in text
    assert "Дарвоз, кишлоки Роғ" in " ".join(text.split())  # a table cell may wrap the name


def test_the_cli_writes_the_workbook_and_the_pdf(db, tmp_path, capsys):
    target = tmp_path / "article7-2019.xlsx"
    assert main(["report", "article7", "--year", "2019", "--format", "xlsx", "--output", str(target)]) == 0
    assert "wrote" in capsys.readouterr().out
    wb = workbook(target.read_bytes())
    assert list(cover_marks(wb)) == list("ABCDEFGHIJ")
    _header, rows, _total = table(wb, "C", "areas_ap_mines")
    assert (
        len(rows)
        == land.contamination(
            HazardAreaState.objects.filter(contamination="ap_mines"), dt.date(2019, 12, 31), country="TJK"
        )["total"]["areas"]
    )
    ccm = tmp_path / "ccm.pdf"
    args = ["report", "article7", "--year", "2019", "--treaty", "ccm", "--format", "pdf", "--output", str(ccm)]
    assert main(args) == 0
    capsys.readouterr()
    assert ccm.read_bytes().startswith(b"%PDF") and "Form F: Contaminated areas and clearance" in _text(
        ccm.read_bytes()
    )
    assert main(["report", "article7", "--year", "2019", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["marks"]["C"] == "changed"


def test_the_cli_refuses_what_it_cannot_write(db, tmp_path, capsys):
    out = str(tmp_path / "x.xlsx")
    cases = [
        (["report", "article7", "--year", "2019", "--format", "xlsx"], "--output FILE is required"),
        (["report", "article7", "--format", "xlsx", "--output", out], "--year is required"),
        (["report", "article7", "--year", "1990", "--format", "xlsx", "--output", out], "No data for 1990"),
        (["report", "article7", "--year", "2999", "--format", "xlsx", "--output", out], "2999 is in the future"),
        (["report", "article7", "--year", "2019", "--format", "csv"], "xlsx, pdf or json, not csv"),
    ]
    for argv, message in cases:
        assert main(argv) == 2, argv
        assert message in capsys.readouterr().err, argv
    assert not (tmp_path / "x.xlsx").exists()
    with pytest.raises(SystemExit) as refused:  # argparse: the figures reports print json, csv or a table
        main(["report", "contamination", "--format", "xlsx"])
    assert refused.value.code == 2 and "invalid choice: 'xlsx'" in capsys.readouterr().err


def test_the_nmac_writes_the_narrative_on_the_page_and_others_may_not(db, persona):
    im = persona("tnmac.im")
    page = im.get("/treaty/apmbc/2019/").content.decode()
    assert "narrative_A" in page and 'id="mark-C"' in page
    post = {
        "contact": "TNMAC, 59 Rudaki Avenue, Dushanbe",
        "submitted_on": "2020-04-30",
        "narrative_B": "Tajikistan destroyed its stockpile in 2004.",
        "version": "",
    }
    assert im.post("/treaty/apmbc/2019/", post).status_code == 302
    report = TreatyReport.objects.get(treaty="apmbc", year=2019)
    assert report.narratives == {"B": "Tajikistan destroyed its stockpile in 2004."}
    assert AuditEntry.objects.filter(action="save_treaty_report", object_id=str(report.pk)).count() == 1
    wb = workbook(im.get("/treaty/apmbc/2019/article7.xlsx").content)
    assert wb["Form B"]["A4"].value == "Tajikistan destroyed its stockpile in 2004."
    assert cover_marks(wb)["B"] == "changed"
    for username in ("npa.clerk", "tnmac.qa", "donor.usdos"):
        other = persona(username)
        assert "narrative_A" not in other.get("/treaty/apmbc/2019/").content.decode()
        refused = other.post("/treaty/apmbc/2019/", {**post, "narrative_B": "Edited", "version": report.version})
        assert refused.status_code == 403
        assert other.post("/treaty/apmbc/2019/submit/", {"submitted_on": "2020-04-30"}).status_code == 403
    assert TreatyReport.objects.get(pk=report.pk).narratives["B"] == "Tajikistan destroyed its stockpile in 2004."
    assert im.post("/treaty/apmbc/2019/submit/", {"submitted_on": "2020-04-30"}).status_code == 302
    assert TreatyReport.objects.get(pk=report.pk).snapshot is not None


def test_a_donor_gets_the_same_figures_and_no_personal_data(db, persona):
    # 2006 has referrals to victim assistance: they appear as counts only.
    nmac = persona("tnmac.im").get("/treaty/apmbc/2006/article7.json").json()
    donor_client = persona("donor.usdos")
    donor = donor_client.get("/treaty/apmbc/2006/article7.json").json()
    assert donor["forms"] == nmac["forms"] and donor["marks"] == nmac["marks"]
    referrals = Referral.objects.filter(referred_on__year=2006, victim__casualty__accident__country__code="TJK")
    va = donor["forms"]["J"]["tables"]["victim_assistance"]
    assert va["total"][-1] == referrals.count() > 0
    by_need = dict(referrals.values_list("need").annotate(n=Count("id")))
    assert {row[0]: row[-1] for row in va["rows"]} == by_need
    names = [unseal(v.name_sealed) for v in Victim.objects.all()]
    files = [
        json.dumps(donor, ensure_ascii=False),
        _text(donor_client.get("/treaty/apmbc/2006/article7.pdf").content),
        _text(donor_client.get("/treaty/ccm/2006/article7.pdf").content),
    ]
    wb = workbook(donor_client.get("/treaty/apmbc/2006/article7.xlsx").content)
    files.append(" ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c))
    assert names and not any(name in text for name in names for text in files)


def test_the_index_lists_each_year_with_its_downloads(db, persona):
    page = persona("coes.officer").get("/treaty/").content.decode()
    assert "/treaty/apmbc/2019/article7.xlsx" in page and "/treaty/ccm/2019/article7.pdf" in page
    assert f"/treaty/apmbc/{dt.date.today().year}/" in page
    assert persona("donor.usdos").get("/treaty/apmbc/1990/article7.xlsx").status_code == 404


def test_a_long_report_is_written_by_a_job(db, persona, monkeypatch):
    monkeypatch.setattr(jobs, "AREAS_BEFORE_JOB", 10)
    client = persona("donor.usdos")
    offer = client.get("/treaty/apmbc/2019/article7.xlsx")
    assert offer.status_code == 200 and "Prepare the file" in offer.content.decode()
    started = client.post("/treaty/apmbc/2019/article7.xlsx")
    assert started.status_code == 302 and started["Location"].startswith("/exports/jobs/")
    pk = int(started["Location"].rstrip("/").split("/")[-1])
    assert run_job(pk).state == "done"
    wb = workbook(b"".join(client.get(f"/exports/jobs/{pk}/download/").streaming_content))
    assert list(cover_marks(wb)) == list("ABCDEFGHIJ")
    assert persona("tnmac.im").get(f"/exports/jobs/{pk}/download/").status_code == 404  # the donor's alone


def test_a_reader_limited_to_a_region_gets_that_region_only(db, user):
    khatlon = AdminArea.objects.get(code="TJ-KT")
    viewer = User.objects.create_user("khatlon.viewer", password="x")
    grant_access(
        user("tnmac.admin"),
        grantee=viewer,
        organisation=Organisation.objects.get(acronym="CIIHL"),
        role=Role.objects.get(code="donor"),
        admin_areas=[khatlon],
        data_classes=["record"],
    )
    report = build.generate(Sources.for_user(viewer), "apmbc", 2019)
    areas = report.form("C").table("areas_ap_mines")
    assert areas.rows and {row[areas.column("region")] for row in areas.rows} == {"Khatlon"}
    end = dt.date(2019, 12, 31)
    ap = HazardAreaState.objects.filter(contamination="ap_mines")
    assert len(areas.rows) == land.contamination(ap, end, country="TJK", admin_area=khatlon.pk)["total"]["areas"]
    released = report.form("G").table("released_all")
    expected = land.released(
        LandReleaseActivity.objects.all(), dt.date(2019, 1, 1), end, country="TJK", admin_area=khatlon.pk
    )
    assert released.total is not None and released.total[-1] == expected["total_m2"]
