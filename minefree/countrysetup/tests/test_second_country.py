"""A second country on a fresh database: fresh_country.py runs in its own pytest on a new database
(SpatiaLite in a new data folder, or a new PostGIS database) with the demo left out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from minefree.conftest import WITHOUT_DEMO

HERE = Path(__file__).resolve().parent


def _fresh_database_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgis://", "postgres://", "postgresql://")):
        return None  # SpatiaLite: the new data folder holds a new database
    base, _slash, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0]}_fresh"


def test_a_second_country_set_up_on_a_fresh_database_works_end_to_end(tmp_path):
    env = dict(os.environ, **{WITHOUT_DEMO: "1", "MINEFREE_DATA_DIR": str(tmp_path / "data")})
    url = _fresh_database_url()
    if url:
        env["DATABASE_URL"] = url
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(settings.BASE_DIR.parent), env.get("PYTHONPATH", "")]))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(HERE / "fresh_country.py"), "-q", "-p", "no:cacheprovider"],
        env=env,
        cwd=settings.BASE_DIR.parent,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout
