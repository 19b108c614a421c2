"""`minefree setup` as the operator runs it: its own process, a new SpatiaLite database it migrates
first, real files. (In one process, SpatiaLite loaded before pyogrio once crashed the GeoPackage read.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from minefree.countrysetup.tests import ruritania

# Its own process on its own new SpatiaLite file, whichever engine the suite runs on.
pytestmark = pytest.mark.engine_free


def _minefree(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"MINEFREE_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(settings.BASE_DIR.parent)}
    return subprocess.run(
        [sys.executable, "-m", "minefree.cli", "setup", *argv],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_setup_command_builds_a_country_on_a_new_database(tmp_path):
    cod = str(ruritania.cod_geopackage(tmp_path))
    country = _minefree(
        tmp_path, "country", "--code", "RUR", "--name", "Ruritania", "--time-zone", "Europe/Vienna", "--boundary", cod
    )
    assert country.returncode == 0, country.stderr
    assert country.stdout == "country RUR Ruritania (Europe/Vienna)\n"
    regions = _minefree(tmp_path, "areas", "--level", "1", "--layer", "rur_admbnda_adm1", cod)
    assert regions.returncode == 0, regions.stderr
    assert regions.stdout.endswith("other names ru=ADM1_RU, tg=ADM1_TG): 2 created, 0 updated, 0 unchanged\n")
    shapefile = str(ruritania.geoboundaries_adm2_shapefile(tmp_path))
    districts = _minefree(tmp_path, "areas", "--level", "2", shapefile)
    assert districts.stdout.endswith("parent by overlap): 4 created, 0 updated, 0 unchanged\n"), districts.stderr
    again = _minefree(tmp_path, "areas", "--level", "2", shapefile)
    assert again.stdout.endswith(": 0 created, 0 updated, 4 unchanged\n"), again.stderr
    wrong = _minefree(tmp_path, "country", "--code", "RUR", "--name", "Ruritania", "--time-zone", "Europe/Strelsau")
    assert wrong.returncode == 2 and "time_zone: Europe/Strelsau is not a time zone name" in wrong.stderr
    no_password = _minefree(tmp_path, "user", "rmac.admin")
    assert no_password.returncode != 0 and "MINEFREE_SETUP_PASSWORD" in no_password.stderr
