"""GeoDjango's SpatiaLite backend with the lock wait that SpatiaLite itself overrides put back.

Loading mod_spatialite sets the connection's busy timeout to 5 s, whatever `timeout` was given to
sqlite3.connect, so a writer queued behind others for more than 5 s got "database is locked".
Once the extension is loaded, the configured timeout is set again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.gis.db.backends.spatialite.base import DatabaseWrapper as SpatiaLiteWrapper


class DatabaseWrapper(SpatiaLiteWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        conn = super().get_new_connection(conn_params)
        conn.execute(f"PRAGMA busy_timeout = {int(float(conn_params.get('timeout', 5)) * 1000)}")
        return conn
