"""`minefree import legacy`: problems as file:layer:row:field: message and exit 1; a clean file goes in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from minefree.cli import main
from minefree.hazards.models import HazardArea
from minefree.legacy.tests import files


def test_cli_dry_run_prints_problems_and_the_real_run_imports(
    tmp_path: Path, db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(files.mapping()), encoding="utf-8")
    bad = files.write_geo(tmp_path / "bad.gpkg", files.hazard_rows(2, {1: {"DATE_INFO": "yesterday"}}), "GPKG")
    before = HazardArea.objects.count()
    code = main(["import", "legacy", str(bad), "--mapping", str(mapping), "--user", "tnmac.im", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("bad.gpkg:HAZARDS:2:DATE_INFO: “yesterday” is not a date")
    good = files.write_geo(tmp_path / "good.gpkg", files.hazard_rows(2), "GPKG")
    assert main(["import", "legacy", str(good), "--mapping", str(mapping), "--user", "tnmac.im", "--dry-run"]) == 0
    assert HazardArea.objects.count() == before
    assert main(["import", "legacy", str(good), "--mapping", str(mapping), "--user", "tnmac.im"]) == 0
    assert "2 rows: 2 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    assert HazardArea.objects.count() == before + 2
    assert main(["import", "legacy", str(good), "--mapping", str(mapping), "--user", "npa.clerk"]) == 2
    assert "Only a user who may change every" in capsys.readouterr().err
