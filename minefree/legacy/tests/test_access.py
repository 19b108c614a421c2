"""Who may import: only users who may change every record of the target's type; each persona tried."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from minefree.demo.personas import PERSONAS
from minefree.hazards.models import HazardArea
from minefree.legacy.mapping import parse
from minefree.legacy.run import dry_run, import_file, may_import
from minefree.legacy.targets import TARGETS
from minefree.legacy.tests import files

MAY_IMPORT = {"tnmac.admin", "tnmac.im"}


@pytest.mark.parametrize("username", sorted(PERSONAS))
def test_only_the_nmac_information_managers_import(username: str, user: Any, tmp_path: Path) -> None:
    person = user(username)
    assert may_import(person, TARGETS["hazard"]) == (username in MAY_IMPORT)
    if username in MAY_IMPORT:
        return
    path = files.write_geo(tmp_path / "h.gpkg", files.hazard_rows(1), "GPKG")
    before = HazardArea.objects.count()
    with pytest.raises(PermissionDenied):
        dry_run(path, parse(files.mapping()), user=person)
    with pytest.raises(PermissionDenied):
        import_file(path, parse(files.mapping()), user=person)
    assert HazardArea.objects.count() == before
