"""The `minefree report` examples in the docs print what the docs say, on the demo data; every
registered report is documented for the command line and the API."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from minefree.cli import main
from minefree.reporting.registry import REPORTS

DOCS = Path(__file__).resolve().parents[3] / "docs"
BLOCK = re.compile(r"```\n(.*?)```", re.S)


def examples() -> list[tuple[str, str, str]]:
    """(file, command, printed text) for each `$ minefree report` of a figures report in a code block."""
    found = []
    for path in sorted([*DOCS.glob("*.md"), *DOCS.glob("records/*.md")]):
        for block in BLOCK.findall(path.read_text()):
            for command, printed in re.findall(r"^\$ (minefree report .*)\n((?:(?!\$ ).*\n?)*)", block, re.M):
                if "article7" not in command:
                    found.append((path.name, command, printed.strip("\n")))
    return found


def test_the_examples_print_what_the_docs_say(db, capsys):
    cases = examples()
    assert len(cases) >= 8 and {"cli.md", "demo.md", "ordnance.md"} <= {name for name, _c, _p in cases}
    for name, command, printed in cases:
        assert main(shlex.split(command)[1:]) == 0, (name, command)
        assert capsys.readouterr().out.strip("\n") == printed, (name, command)


def test_every_registered_report_is_documented():
    cli, api = (DOCS / "cli.md").read_text(), (DOCS / "api.md").read_text()
    assert [slug for slug in REPORTS if f"`{slug}`" not in cli] == []
    assert [slug for slug in REPORTS if f"/api/v1/reports/{slug}/" not in api and f".../{slug}/" not in api] == []
