"""An edited GeoPackage back into the review queue: every added, changed or deleted feature a report.

The whole file is read and checked first; any problem (named by layer, feature id and field)
refuses the file and nothing is written. Unchanged features give nothing, and a file imported twice
gives nothing new: each report's client id is the export, the feature and a hash of its content.
"""

from __future__ import annotations

import gc
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.bulk_rows import create_all
from minefree.core.dates import one_today
from minefree.core.errors import ActionError
from minefree.core.permissions import Action
from minefree.fieldwork.bulk import save_and_submit
from minefree.fieldwork.models import FieldReport
from minefree.geopackage import geopackage
from minefree.geopackage.geopackage_export import EXPORT_TABLE, HAZARD_LAYER, LAND_LAYER, SIGNER_SALT, assert_may_export
from minefree.geopackage.geopackage_plan import FilePlan, ImportRefused, Problem
from minefree.geopackage.models import GeoPackageExport, GeoPackageImport, ImportedChange

__all__ = ["ImportRefused", "ImportResult", "Problem", "feature_count", "import_geopackage", "read_plan"]


@dataclass
class ImportResult:
    source: GeoPackageImport | None
    created: list[ImportedChange]
    repeated: list[FieldReport]
    unchanged: int


def export_metadata(connection: sqlite3.Connection) -> dict[str, str]:
    """The export's facts from gpkg_metadata, or from the minefree_export table a copy keeps."""
    found = geopackage.read_metadata(connection)
    if found or EXPORT_TABLE not in geopackage.layer_names(connection):
        return found
    rows = geopackage.read_features(connection, EXPORT_TABLE)
    return {str(f.values.get("key")): str(f.values.get("value")) for f in rows}


def find_export(user: Any, metadata: dict[str, str]) -> GeoPackageExport:
    """The export the file came from, if its signed id is intact and the user may use it."""
    try:
        pk = int(signing.Signer(salt=SIGNER_SALT).unsign(metadata.get("minefree_export_key", "")))
    except (signing.BadSignature, ValueError):
        raise ImportRefused(
            [
                Problem(
                    "gpkg_metadata",
                    None,
                    "minefree_export",
                    _("This GeoPackage was not exported by MineFree, or its export id was altered."),
                )
            ]
        ) from None
    export = GeoPackageExport.objects.restrict(user, Action.VIEW).filter(pk=pk).select_related("organisation").first()
    if export is None:
        raise PermissionDenied(_("This GeoPackage was exported for an organisation you do not report for."))
    assert_may_export(user, export.organisation)
    return export


def feature_count(path: Path) -> int:
    """How many features the two editable layers hold, counted by SQLite without reading them.

    0 for a file that is not a readable GeoPackage: the import itself then names the problem.
    """
    try:
        connection = geopackage.open_geopackage(path)
    except geopackage.GeoPackageError:
        return 0
    try:
        layers = set(geopackage.layer_names(connection))
        counts = [
            connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in (HAZARD_LAYER, LAND_LAYER)
            if name in layers
        ]
    except sqlite3.DatabaseError:
        return 0
    finally:
        connection.close()
    return int(sum(counts))


Counter = Callable[[int, int], None]
WRITE_BATCH = 500  # reports written together; the progress of a background job moves on after each


def count_rows(connection: sqlite3.Connection, total: int, checking: Counter) -> None:
    """Tell `checking(read, total)` of every row the plan reads: features are read one by one, then checked.

    A row factory sees each row as SQLite hands it over (the few schema rows read first count too,
    which `checking` caps at `total`).
    """
    read = 0

    def counted(_cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> tuple[Any, ...]:
        nonlocal read
        read += 1
        checking(read, total)
        return row

    connection.row_factory = counted


def read_plan(user: Any, path: Path, checking: Counter | None = None) -> tuple[GeoPackageExport, FilePlan]:
    total = feature_count(path) if checking is not None else 0
    try:
        connection = geopackage.open_geopackage(path)
    except geopackage.GeoPackageError as error:
        raise ImportRefused([Problem("", None, "", str(error))]) from None
    if checking is not None:
        count_rows(connection, total, checking)
    try:
        export = find_export(user, export_metadata(connection))
        if export.as_of is not None:
            message = _(
                "This GeoPackage shows the areas as of %(day)s, a view of the past: it is not imported. "
                "Export the areas as they are now to edit them."
            )
            raise ImportRefused([Problem("gpkg_metadata", None, "as_of", message % {"day": export.as_of})])
        layers = set(geopackage.layer_names(connection))
        missing = [name for name in (HAZARD_LAYER, LAND_LAYER) if name not in layers]
        if missing:
            raise ImportRefused([Problem(name, None, "", _("The layer is missing.")) for name in missing])
        try:
            with one_today():  # every date in the file is checked against the same today
                plan = FilePlan(user, connection, export)
                plan.hazard_layer()
                plan.land_layer()
        except (sqlite3.DatabaseError, geopackage.GeoPackageError) as error:
            plan.fail("", None, "", _("The file could not be read: %(error)s") % {"error": error})
    finally:
        connection.close()
    if plan.problems:
        raise ImportRefused(plan.problems)
    return export, plan


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()  # in chunks: the file may be large


@transaction.atomic
def import_geopackage(
    user: Any, path: Path, file_name: str, progress: Counter | None = None, checking: Counter | None = None
) -> ImportResult:
    """Turn every added, changed or deleted feature into a submitted field report, or refuse the file.

    `checking(read, total)` is told of each feature read for checking, `progress(done, total)` of each
    report written (a background job shows both).
    """
    with long_lived_heap_frozen():
        return _import(user, path, file_name, progress, checking)


@contextmanager
def long_lived_heap_frozen() -> Iterator[None]:
    """The objects alive before the import (the app, its caches, the country boundaries) left out of
    the garbage collector's full passes while it runs: the thousands of reports, payloads and
    geometries an import keeps alive set off a full pass every few hundred features, and each pass
    walked the whole heap (a third of the import's time). Young objects are still collected."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _import(user: Any, path: Path, file_name: str, progress: Counter | None, checking: Counter | None) -> ImportResult:
    export, plan = read_plan(user, path, checking)
    digest = file_digest(path)
    # Imports of one export are serialised: the client ids found unused below stay unused until commit.
    GeoPackageExport.objects.select_for_update().filter(pk=export.pk).first()
    source: GeoPackageImport | None = None
    created: list[ImportedChange] = []
    repeated: list[FieldReport] = []
    total = len(plan.planned)
    for start in range(0, total, WRITE_BATCH):
        batch = plan.planned[start : start + WRITE_BATCH]
        try:
            written = save_and_submit(user, export.organisation, [(item.client_id, item.checked) for item in batch])
        except ActionError as error:  # checked already; if it still fails, the whole file is refused
            raise ImportRefused(
                [Problem("", None, name, m) for name, ms in error.errors.items() for m in ms]
            ) from error
        changes = []
        for done, (item, (report, new)) in enumerate(zip(batch, written, strict=True), start=start):
            if progress is not None:
                progress(done, total)  # the batch is written; the job's bar moves through it as before
            if not new:
                repeated.append(report)
                continue
            if source is None:
                source = GeoPackageImport.objects.create(
                    export=export,
                    organisation=export.organisation,
                    imported_by=user,
                    file_name=file_name[:200],
                    sha256=digest,
                )
            changes.append(
                ImportedChange(
                    source=source,
                    report=report,
                    layer=item.layer,
                    fid=item.fid,
                    change=item.change,
                    hazard=item.hazard if item.exported_version is not None else None,
                    exported_version=item.exported_version,
                    server_version=item.hazard.version if item.hazard is not None and item.exported_version else None,
                    changed_fields=item.changed_fields,
                )
            )
        created += create_all(ImportedChange, changes)
    if progress is not None:
        progress(total, total)
    if source is not None:
        audit.record(
            user,
            "import_geopackage",
            source,
            None,
            {"export": str(export), "reports": [c.report.reference for c in created], "file": file_name[:200]},
        )
    return ImportResult(source, created, repeated, plan.unchanged)
