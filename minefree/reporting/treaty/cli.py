"""`minefree report article7 --year YYYY --format xlsx|pdf|json --output FILE [--treaty ccm]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from minefree.core.errors import ActionError
from minefree.reporting.treaty import build, pdf, xlsx
from minefree.reporting.treaty.content import Report
from minefree.reporting.treaty.sources import Sources

FILE_FORMATS = ("xlsx", "pdf")


def as_json(report: Report) -> str:
    """The report's cover and forms as JSON (the page's and the CLI's twin of the files)."""
    data = {
        "treaty": report.treaty,
        "year": report.year,
        "state": report.state,
        "submitted_on": report.submitted_on,
        "contact": report.contact,
        "generated_at": report.generated_at,
        "baseline": report.baseline,
        "marks": {letter: mark.code for letter, mark in report.marks.items()},
        "forms": {
            form.letter: {
                "title": form.title,
                "narrative": form.narrative,
                "tables": {
                    t.key: {"title": t.title, "columns": [c.key for c in t.columns], "rows": t.rows, "total": t.total}
                    for t in form.tables
                },
            }
            for form in report.forms
        },
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def render(report: Report, fmt: str) -> bytes:
    if fmt == "xlsx":
        return xlsx.render(report)
    if fmt == "pdf":
        return pdf.render(report)
    if fmt == "json":
        return as_json(report).encode()
    raise ActionError(f"The Article 7 report is written as xlsx, pdf or json, not {fmt}.", field="format")


def article7(args: argparse.Namespace) -> int:
    fmt = args.format if args.format != "table" else "json"
    if args.year is None:
        print("minefree report article7: --year is required, e.g. --year 2019", file=sys.stderr)
        return 2
    if fmt in FILE_FORMATS and not args.output:
        print(f"minefree report article7: --output FILE is required for --format {fmt}", file=sys.stderr)
        return 2
    try:
        # The CLI is the server's own operator: it reads the whole national record.
        report = build.generate(Sources.national(), args.treaty, args.year)
        data = render(report, fmt)
    except ActionError as exc:
        print(f"minefree report article7: {exc}", file=sys.stderr)
        return 2
    if not args.output:
        print(data.decode())
        return 0
    Path(args.output).write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes): {report.title} {report.year}, {report.state}")
    return 0
