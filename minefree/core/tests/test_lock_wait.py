"""On SpatiaLite a writer queued behind a long write waits for it (up to the 20 s busy timeout)
rather than failing with "database is locked" (mod_spatialite quietly cut the wait to 5 s)."""

import sqlite3
import threading
import time

import pytest
from django.db import connection

from minefree.core.tests.racing import api_token, caller

HELD = 7  # seconds: longer than the 5 s SpatiaLite sets, shorter than the 20 s configured


def test_a_write_waits_for_a_long_writer_instead_of_failing(server, django_db_blocker):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL waits for row locks without a timeout")
    im = caller(server, api_token(django_db_blocker, "tnmac.im"))
    with django_db_blocker.unblock():
        from minefree.gazetteer.models import AdminArea

        district = AdminArea.objects.get(code="TJ-SU-GFR").pk
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write
    release = threading.Timer(HELD, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    ring = [[69.68, 40.68], [69.681, 40.68], [69.681, 40.681], [69.68, 40.681], [69.68, 40.68]]
    status, answer = im(
        "POST",
        "/api/v1/hazards/",
        {
            "name": "Written after a long wait",
            "admin_area": district,
            "classification": "SHA",
            "contamination": "ap_mines",
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "recorded_on": "2024-02-01",
            "confirm": True,
        },
    )
    release.join()
    holder.close()
    assert status == 201, answer
    assert time.monotonic() - started >= HELD - 1  # it did wait for the other write
