"""`minefree import legacy FILE --mapping MAPPING`: a legacy file into the national record, or its problems."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_import_parser(sub: Any) -> None:
    p = sub.add_parser("import", help="import records from another system's files (IMSMA exports)")
    kinds = p.add_subparsers(dest="source", required=True)
    legacy = kinds.add_parser(
        "legacy", help="Shapefile, File Geodatabase, GeoPackage, CSV or XLSX, by a mapping file (docs/migration.md)"
    )
    legacy.add_argument("file", help="the file (a .gdb folder or a zipped one for a File Geodatabase)")
    legacy.add_argument("--mapping", required=True, help="the centre's mapping file (JSON)")
    legacy.add_argument("--layer", help="the layer or sheet (default: the mapping's, else the file's only one)")
    legacy.add_argument("--user", required=True, help="the importing user (the audit names them; needs the right)")
    legacy.add_argument("--dry-run", action="store_true", help="check everything and write nothing")
    legacy.set_defaults(func=import_legacy)


def import_legacy(args: argparse.Namespace) -> int:
    from django.contrib.auth.models import User
    from django.core.exceptions import PermissionDenied

    from minefree.legacy.mapping import MappingError, parse
    from minefree.legacy.reader import ReadError
    from minefree.legacy.run import ImportRefused, dry_run, import_file

    path = Path(args.file)
    try:
        mapping = parse(Path(args.mapping).read_text(encoding="utf-8"))
        user = User.objects.get(username=args.user, is_active=True)
        run = dry_run if args.dry_run else import_file
        outcome = run(path, mapping, user=user, layer=args.layer)
    except (MappingError, ReadError, OSError, PermissionDenied) as exc:
        print(f"minefree import legacy: {exc}", file=sys.stderr)
        return 2
    except User.DoesNotExist:
        print(f"minefree import legacy: no active user named {args.user!r}", file=sys.stderr)
        return 2
    except ImportRefused as refused:
        outcome = refused.outcome
    for problem in outcome.problems:
        print(f"{problem.file}:{problem.layer}:{problem.row}:{problem.field}: {problem.message}")
    if outcome.problems:
        print(f"{len(outcome.problems)} problems in {outcome.rows} rows; nothing was written.", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"{outcome.rows} rows checked, no problems; nothing was written (dry run).")
    else:
        c = outcome.counts
        print(f"{outcome.rows} rows: {c.created} created, {c.updated} updated, {c.unchanged} unchanged.")
    return 0
