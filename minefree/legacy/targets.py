"""What a legacy import writes: one `Target` per record type, declared in the app that owns it
(`hazards/legacy.py`, ...), fed rows the centre's mapping has already turned into its fields.

The pipeline (reader, mapping, dry run, job) knows nothing of any record type; a target knows
nothing of files. A target's `questions` are the same declarations the web forms use
(`fieldwork.declare.Question`), so a mapping offers the fields and choices a clerk would see.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from minefree.fieldwork.declare import Question


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source row, named as the centre would find it in the file."""

    file: str
    layer: str
    row: int  # 1-based feature or row number within its layer; 0 for the file or layer as a whole
    field: str  # the source column (or MineFree field when no column is involved)
    message: str


@dataclass
class Row:
    number: int  # 1-based feature or row number within its layer
    # MineFree field name -> value as the mapping converted it: str, int, float, Decimal, date, bool,
    # a choice code, a GEOSGeometry (SRID 4326) or None when the source cell was empty.
    values: dict[str, Any]
    guid: str = ""  # the IMSMA GUID, when the source has one
    local_id: str = ""  # the IMSMA local id ("HA-0012"), when the source has one
    columns: dict[str, str] = field(default_factory=dict)  # MineFree field -> source column, for problems
    # The geometry as WKB when the target checks it in the database (`Target.as_wkb`); then the
    # geometry field stays None until the target makes the GEOS object of a row that needs one.
    wkb: bytes | None = None


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass
class Context:
    """What lives for one import of one file: who imports it, what was seen in earlier batches."""

    user: Any  # the importing user (permissions are checked against them, the audit names them)
    file: str  # the source file's name, as problems and the audit name it
    layer: str = ""
    dry_run: bool = True
    # Keys seen in earlier batches of this file, per target and kind of key, to find duplicates.
    seen: SeenKeys = field(default_factory=lambda: SeenKeys())
    # Anything a target looks up once per file (districts by code, organisations by name).
    cache: dict[str, Any] = field(default_factory=dict)
    import_record: Any = None  # the audited import (a model instance) during the real run

    def first_seen(self, kind: str, key: Any, row: int) -> int | None:
        """The row that already had `key` in this file, or None (and remember this one)."""
        return self.seen.first(kind, key, row)


class SeenKeys:
    """The keys one file's rows gave (GUIDs, local ids, records updated) and the row that gave each
    first. Kept in a private temporary SQLite file, not in Python objects: the import's memory then
    stays the same however many rows the file has (a dict of them grew 250 bytes a row)."""

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None

    def first(self, kind: str, key: Any, row: int) -> int | None:
        if self._db is None:
            # "": a temporary on-disk database, deleted when closed; SQLite caches a few pages of it.
            self._db = sqlite3.connect("", isolation_level=None)
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute(
                "CREATE TABLE seen (kind TEXT, key TEXT, row INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID"
            )
        text = str(key)
        found = self._db.execute("SELECT row FROM seen WHERE kind = ? AND key = ?", (kind, text)).fetchone()
        if found is not None:
            return int(found[0])
        self._db.execute("INSERT INTO seen VALUES (?, ?, ?)", (kind, text, row))
        return None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class Target:
    """A record type a legacy file can fill. Subclasses set the class attributes and both methods."""

    name: str  # "hazard", "accident", ... (the mapping file's `target`)
    label: Any
    model: type[models.Model]

    def as_wkb(self) -> bool:
        """Whether this target takes the geometry of a WGS 84 layer as WKB (`Row.wkb`), to check in SQL."""
        return False

    def questions(self) -> tuple[Question, ...]:
        """The fields a mapping may fill, with their labels, types, choices and required marks."""
        raise NotImplementedError

    def check(self, rows: Sequence[Row], context: Context) -> list[tuple[Row, str, str]]:
        """Problems in one batch as (row, MineFree field, message): values, geometry, districts,
        duplicates within the file (through `context`, which lives for the whole file) and against the
        database. Writes nothing."""
        raise NotImplementedError

    def write(self, rows: Sequence[Row], context: Context) -> Counts:
        """Write one checked batch inside the import's transaction: a row whose external id is known
        updates that record (only what changed), any other row creates one."""
        raise NotImplementedError


TARGETS: dict[str, Target] = {}


def register(target: Target) -> Target:
    if target.name in TARGETS:
        raise ValueError(f"legacy import target {target.name!r} registered twice")
    TARGETS[target.name] = target
    return target
