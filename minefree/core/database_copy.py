"""A consistent copy of the database out, and back in: SQLite's online backup, or pg_dump/pg_restore.

A live SpatiaLite file in WAL mode is never copied byte by byte (the copy could miss what the WAL
holds); SQLite's backup API copies a consistent snapshot while the server keeps writing. PostGIS
goes through the PostgreSQL client tools, which must be of the server's major version or newer.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections
from django.utils.translation import gettext as _


class CopyError(Exception):
    """The copy cannot be made or loaded; the message says why."""


def engine() -> str:
    return "postgis" if connection.vendor == "postgresql" else "spatialite"


def member_name() -> str:
    return "database.pgdump" if engine() == "postgis" else "database.sqlite3"


def _sqlite_path() -> Path:
    return Path(str(connection.settings_dict["NAME"]))


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"]), "PGUSER": str(db.get("USER") or "")}
    env.update(PGHOST=str(db.get("HOST") or "127.0.0.1"), PGPORT=str(db.get("PORT") or 5432))
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise CopyError(
            _("%(tool)s is not installed: install the PostgreSQL client of the server's major version.")
            % {"tool": name}
        )
    return found


def _run(args: list[str]) -> str:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise CopyError(f"{Path(args[0]).name}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def dump(dest: Path) -> None:
    """Write a consistent copy of the whole database to `dest`."""
    if engine() == "postgis":
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--file={dest}"])
        return
    source = sqlite3.connect(f"file:{_sqlite_path()}?mode=ro", uri=True)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _user_relations() -> list[tuple[str, str]]:
    """Tables, views and sequences in public that no extension (PostGIS) owns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
            " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"
        )
        return [(str(name), str(kind)) for name, kind in cursor.fetchall()]


def is_empty() -> bool:
    """No table of MineFree's (or anyone's) yet: a restore writes over nothing."""
    if engine() == "postgis":
        return not _user_relations()
    path = _sqlite_path()
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'")
        return found.fetchone() is None


def _clear_postgres() -> None:
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
    with connection.cursor() as cursor:
        # Views and tables first: a column's own sequence goes with its table, then what is left.
        for wanted in ("vm", "rp", "S"):
            for name, kind in _user_relations():
                if kind in wanted:
                    cursor.execute(f'DROP {kinds[kind]} IF EXISTS public."{name}" CASCADE')
        # Then our own functions (the kept figures' triggers): the copy creates them again. An
        # extension's functions (PostGIS) stay with their extension.
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' AND NOT EXISTS"
            " (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
        )
        for (signature,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")


def load(source: Path) -> None:
    """Replace the database's content with the copy in `source` (the caller has checked it may)."""
    if engine() == "postgis":
        _clear_postgres()
        with connection.cursor() as cursor:
            cursor.execute("SELECT extname FROM pg_extension")
            installed = {str(row[0]) for row in cursor.fetchall()}
        connections.close_all()
        # An extension the database already has (created by its administrator) is not created again.
        listing = _run([_tool("pg_restore"), "--list", str(source)]).splitlines()
        skip = [f"EXTENSION - {name} " for name in installed] + [f"EXTENSION {name} " for name in installed]
        keep = [line for line in listing if not any(mark in line + " " for mark in skip)]
        list_file = source.with_suffix(".list")
        list_file.write_text("\n".join(keep) + "\n")
        restore = [_tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error", f"--use-list={list_file}"]
        _run([*restore, f"--dbname={connection.settings_dict['NAME']}", str(source)])
        return
    connections.close_all()
    path = _sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        copy.backup(target)  # page by page into the live file, its WAL included: no stale -wal left
    finally:
        target.close()
        copy.close()
