"""A legacy import from end to end: read a layer in batches, map it, check it, and (real run) write it.

The dry run and the real run are the same pass over the file. The real run does it inside ONE
transaction: each batch is mapped and checked, and written only while no problem has been found;
once one is found the rest is still checked (so the centre sees every problem at once) and the
transaction is rolled back at the end. So the file goes in whole, as one audited `LegacyImport`
naming its source file and its SHA-256, or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.permissions import Action, Everyone, restriction
from minefree.legacy.mapping import Districts, Mapping, against_layer, map_rows
from minefree.legacy.models import LegacyImport
from minefree.legacy.reader import BATCH_SIZE, ReadError, batches, layer_info, layers
from minefree.legacy.targets import Context, Counts, Problem, Target

# (rows done, rows in the layer) after each batch
OnProgress = Callable[[int, int], None]


@dataclass
class Outcome:
    file: str
    layer: str
    target: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    record: LegacyImport | None = None  # the audited import, after a real run that wrote


class ImportRefused(Exception):
    """The real run found problems and wrote nothing."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(_("%(n)s problems; nothing was written.") % {"n": len(outcome.problems)})
        self.outcome = outcome


def may_import(user: Any, target: Target) -> bool:
    """An import writes the national record wherever the file says: only a user who may change every
    record of the target's type (the NMAC's information managers and administrators) runs one."""
    return restriction(user, Action.CHANGE, target.model) == Everyone


def assert_may_import(user: Any, target: Target) -> None:
    if not may_import(user, target):
        raise PermissionDenied(
            _("Only a user who may change every %(what)s imports them.")
            % {"what": target.model._meta.verbose_name_plural}
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    if path.is_dir():  # a .gdb folder: its files in name order
        for part in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(part.relative_to(path).as_posix().encode())
            digest.update(part.read_bytes())
        return digest.hexdigest()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def choose_layer(path: Path, mapping: Mapping, layer: str | None) -> str:
    """The layer given, else the mapping's, else the file's only one."""
    name = layer or mapping.layer
    if name:
        return name
    found = layers(path)
    if len(found) != 1:
        raise ReadError(
            _("%(file)s has %(n)s layers (%(names)s); say which one to import.")
            % {"file": path.name, "n": len(found), "names": ", ".join(i.name for i in found)}
        )
    return found[0].name


def _pass(
    path: Path,
    mapping: Mapping,
    context: Context,
    outcome: Outcome,
    *,
    write: bool,
    batch_size: int,
    progress: OnProgress | None,
) -> None:
    target = mapping.target_object()
    info = layer_info(path, outcome.layer)
    for message in against_layer(mapping, info):
        outcome.problems.append(Problem(outcome.file, outcome.layer, 0, "", message))
    if outcome.problems:
        return
    districts = Districts()
    as_wkb = target.as_wkb()
    for source in batches(path, outcome.layer, geometry_columns=mapping.geometry, batch_size=batch_size, as_wkb=as_wkb):
        rows, problems = map_rows(mapping, source, file=outcome.file, layer=outcome.layer, districts=districts)
        outcome.rows += len(rows)
        # A cell the mapping could not convert reaches the target empty: its "required" says nothing new.
        reported = {(p.row, p.field) for p in problems}
        for row, name, message in target.check(rows, context):
            column = row.columns.get(name, name)
            if (row.number, column) not in reported:
                problems.append(Problem(outcome.file, outcome.layer, row.number, column, message))
        outcome.problems.extend(problems)
        if write and not outcome.problems:
            outcome.counts.add(target.write(rows, context))
        if progress is not None:
            progress(outcome.rows, info.features)


def dry_run(
    path: Path,
    mapping: Mapping,
    *,
    user: Any,
    file_name: str = "",
    layer: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: OnProgress | None = None,
) -> Outcome:
    """Read, map and check the whole layer; write nothing; every problem in the outcome."""
    return _run(path, mapping, user, file_name, layer, batch_size, progress, write=False)


def import_file(
    path: Path,
    mapping: Mapping,
    *,
    user: Any,
    file_name: str = "",
    layer: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: OnProgress | None = None,
) -> Outcome:
    """The real run: all batches in one transaction and one audited LegacyImport, or ImportRefused."""
    return _run(path, mapping, user, file_name, layer, batch_size, progress, write=True)


def _run(
    path: Path,
    mapping: Mapping,
    user: Any,
    file_name: str,
    layer: str | None,
    batch_size: int,
    progress: OnProgress | None,
    *,
    write: bool,
) -> Outcome:
    target = mapping.target_object()
    assert_may_import(user, target)
    name = file_name or path.name
    outcome = Outcome(name, choose_layer(path, mapping, layer), mapping.target)
    context = Context(user=user, file=name, layer=outcome.layer, dry_run=not write)
    try:
        # A dry run reads only: no transaction held open while a large file is checked.
        with transaction.atomic() if write else nullcontext():
            record = context.import_record = _started(path, mapping, user, outcome) if write else None
            _pass(path, mapping, context, outcome, write=write, batch_size=batch_size, progress=progress)
            if record is not None:
                if outcome.problems:
                    raise ImportRefused(outcome)  # the transaction rolls every batch back
                _finish(record, outcome, user)
    finally:
        context.seen.close()
        outcome.problems.sort(key=lambda p: (p.row, p.field))
    return outcome


def _started(path: Path, mapping: Mapping, user: Any, outcome: Outcome) -> LegacyImport:
    """The audited import a real run writes under, naming the file and its SHA-256."""
    assert_may_import(user, mapping.target_object())  # checked again inside the transaction that writes
    return LegacyImport.objects.create(
        file_name=outcome.file[:255],
        sha256=sha256_of(path),
        target=mapping.target,
        layer=outcome.layer,
        mapping=mapping.as_json(),
        user=user,
    )


def _finish(record: LegacyImport, outcome: Outcome, user: Any) -> None:
    """The audited import: its counts, and the audit entry naming the file."""
    record.rows = outcome.rows
    record.created = outcome.counts.created
    record.updated = outcome.counts.updated
    record.unchanged = outcome.counts.unchanged
    record.save(update_fields=["rows", "created", "updated", "unchanged"])
    audit.record(user, "import_legacy", record, None, audit.snapshot(record), related_to=outcome.file[:200])
    outcome.record = record
