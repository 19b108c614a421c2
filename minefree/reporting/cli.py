"""`minefree report SLUG [options]`: one sub-command per registered report, its options its parameters."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from minefree.core.errors import ActionError
from minefree.reporting import formats
from minefree.reporting.registry import REPORTS, records_for


def run(args: argparse.Namespace) -> int:
    definition = REPORTS[args.name]
    params = {p.name: p.finish_cli(getattr(args, p.name)) for p in definition.parameters}
    try:
        # The CLI is the server's own operator: it reads the whole national record.
        data, rows = definition.run(records_for(None), params)
    except ActionError as exc:
        print(f"minefree report: {exc}", file=sys.stderr)
        return 2
    print(formats.render(data, rows, definition.header(), args.format))
    if args.format == "table" and isinstance(data.get("area_basis"), dict):
        print(data["area_basis"]["label"])  # contamination figures say which area they add up
    return 0


def article7(args: argparse.Namespace) -> int:
    from minefree.reporting.treaty.cli import article7 as write

    return write(args)


def add_report_parser(sub: Any) -> None:
    r = sub.add_parser("report", help="print a report computed from the data")
    names = r.add_subparsers(dest="name", required=True, metavar="NAME")
    for slug, definition in REPORTS.items():
        p = names.add_parser(slug, help=str(definition.description))
        for param in definition.parameters:
            p.add_argument(
                param.option,
                dest=param.name,
                type=param.parse_cli,
                choices=param.choices or None,
                help=str(param.help),
            )
        p.add_argument("--format", choices=definition.formats, default="table")
        p.set_defaults(func=run)
    a = names.add_parser("article7", help="the APMBC or CCM Article 7 report for a year")
    a.add_argument("--year", type=int, help="the reporting year (1 January to 31 December)")
    a.add_argument("--treaty", choices=["apmbc", "ccm"], default="apmbc", help="APMBC or CCM forms")
    a.add_argument("--format", choices=["json", "csv", "table", "xlsx", "pdf"], default="table")
    a.add_argument("--output", help="the file to write (required for xlsx and pdf)")
    a.set_defaults(func=article7)
