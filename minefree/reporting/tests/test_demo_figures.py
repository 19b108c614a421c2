"""The published Tajikistan figures come out of the system's own reports over the demo data."""

import datetime as dt
import json

from minefree.cli import main
from minefree.hazards.models import HazardAreaState, LandReleaseActivity
from minefree.reporting import land

EXPECTED_2019 = {
    "as_of": "2019-03-31",
    "area_basis": {"code": "computed", "label": "Areas: the area measured from each polygon."},
    "CHA": {"areas": 154, "m2": 7907210},
    "SHA": {"areas": 95, "m2": 4191000},
    "total": {"areas": 249, "m2": 12098210},
}


def test_contamination_at_the_extension_request(db):
    assert land.contamination(HazardAreaState.objects.all(), dt.date(2019, 3, 31), country="TJK") == EXPECTED_2019


def test_mechanical_share(db):
    m2 = land.mechanical_suitable_m2(HazardAreaState.objects.all(), dt.date(2019, 3, 31), country="TJK")
    assert abs(m2 - 1_398_813) <= 1


def test_over_24_million_released_before_2019(db):
    released = land.released(LandReleaseActivity.objects.all(), end=dt.date(2019, 3, 31), country="TJK")
    assert released["total_m2"] > 24_000_000


def test_contamination_falls_after_2019(db):
    later = land.contamination(HazardAreaState.objects.all(), dt.date(2026, 1, 1), country="TJK")
    assert later["total"]["m2"] < EXPECTED_2019["total"]["m2"]


def test_cli_prints_the_exact_json(db, capsys):
    assert main(["report", "contamination", "--as-of", "2019-03-31", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED_2019


def test_cli_csv_and_table(db, capsys):
    main(["report", "contamination", "--as-of", "2019-03-31", "--format", "csv"])
    assert "CHA,154,7907210" in capsys.readouterr().out
    main(["report", "contamination", "--as-of", "2019-03-31", "--format", "table"])
    assert "12,098,210" in capsys.readouterr().out


def test_cli_token_prints_a_working_token(db, capsys, client):
    assert main(["token", "tnmac.im"]) == 0
    key = capsys.readouterr().out.strip()
    response = client.get("/api/v1/hazards/?page_size=1", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200 and response.json()["type"] == "FeatureCollection"
    assert main(["token", "nobody"]) == 2


def test_regions_add_up_to_the_national_total(db, capsys):
    total_m2 = 0
    for region in ("TJ-KT", "TJ-GB", "TJ-RA", "TJ-SU"):
        main(["report", "contamination", "--as-of", "2019-03-31", "--admin-area", region, "--format", "json"])
        total_m2 += json.loads(capsys.readouterr().out)["total"]["m2"]
    assert abs(total_m2 - EXPECTED_2019["total"]["m2"]) <= 4  # each region rounds to whole m²


def test_operator_and_method_filters(db, capsys):
    main(["report", "released", "--operator", "NPA", "--method", "dogs", "--format", "json"])
    npa_dogs = json.loads(capsys.readouterr().out)["total_m2"]
    expected = sum(
        LandReleaseActivity.objects.filter(
            organisation__acronym="NPA", method="dogs", hazard__country__code="TJK"
        ).values_list("area_m2", flat=True)
    )
    assert npa_dogs == round(expected) > 0


def test_unknown_admin_area_is_named(db, capsys):
    assert main(["report", "contamination", "--admin-area", "XX-NOPE"]) == 2
    assert "XX-NOPE" in capsys.readouterr().err


CASUALTIES_1992_2019 = {
    "girls": {"killed": 13, "injured": 16},
    "boys": {"killed": 73, "injured": 138},
    "women": {"killed": 32, "injured": 45},
    "men": {"killed": 229, "injured": 330},
    "total": {"killed": 347, "injured": 529},
}
FUNDING_2013_2017 = {
    "years": {"2013": 5012287, "2014": 3598942, "2015": 2713952, "2016": 2195692, "2017": 1725093},
    "total": 15245966,
}


def test_casualties_cli_prints_the_published_table(db, capsys):
    assert main(["report", "casualties", "--from", "1992-01-01", "--to", "2019-10-31", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == CASUALTIES_1992_2019


def test_nineteen_casualties_in_the_five_years_to_october_2019(db, capsys):
    main(["report", "casualties", "--from", "2014-11-01", "--to", "2019-10-31", "--format", "json"])
    total = json.loads(capsys.readouterr().out)["total"]
    assert total["killed"] + total["injured"] == 19


def test_later_accidents_are_outside_the_published_period(db, capsys):
    main(["report", "casualties", "--format", "json"])
    everything = json.loads(capsys.readouterr().out)["total"]
    assert everything["killed"] + everything["injured"] > 876


def test_funding_cli_prints_the_published_contributions(db, capsys):
    assert main(["report", "funding", "--from", "2013", "--to", "2017", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == FUNDING_2013_2017


def test_the_same_figures_in_the_api_and_the_ui(persona):
    client = persona("donor.usdos")
    api = client.get("/api/v1/reports/casualties/?from=1992-01-01&to=2019-10-31").json()
    assert api == CASUALTIES_1992_2019
    assert client.get("/api/v1/reports/funding/?from=2013&to=2017").json() == FUNDING_2013_2017
    assert client.get("/hazards/summary/").url == "/reports/"  # the old summary's address
    assert "15,245,966" in client.get("/reports/").content.decode()
    page = client.get("/reports/funding/?from=2013&to=2017").content.decode()
    assert "15,245,966" in page and "5,012,287" in page


def test_residual_risk_keeps_cross_border_work_apart(db, capsys):
    from minefree.hazards.models import OrdnanceFind

    main(["report", "residual", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["home"] == "TJK" and set(data["cross_border"]) == {"AFG"}
    spot_afg = OrdnanceFind.objects.filter(hazard__isnull=True, country__code="AFG").count()
    spot_tjk = OrdnanceFind.objects.filter(hazard__isnull=True, country__code="TJK").count()
    assert data["countries"]["AFG"]["spot_tasks"] == spot_afg > 0
    assert data["countries"]["TJK"]["spot_tasks"] == spot_tjk > 0
    after = [
        f
        for f in OrdnanceFind.objects.filter(hazard__completion__isnull=False).select_related("hazard__completion")
        if f.found_on > f.hazard.completion.handed_over_on
    ]
    assert data["countries"]["TJK"]["call_outs_after_handover"] == len(after) > 0
