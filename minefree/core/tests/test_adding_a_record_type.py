"""docs/adding-a-record-type.md walks through adding community liaison visits in eight files: its code
blocks are in the files they name, the commit that added the type touched those files and no
others, and the type it describes works from the web form to the record."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minefree.core.registry import REGISTRY
from minefree.fieldwork.declare import KINDS
from minefree.fieldwork.forms import form_for

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "adding-a-record-type.md").read_text()
WALK = DOC[: DOC.index("## Reference")]


def files() -> list[str]:
    table = DOC[DOC.index("<!-- walk-through files -->") : DOC.index("<!-- end walk-through files -->")]
    return re.findall(r"^\| \d+ \| `([^`]+)` \|", table, flags=re.MULTILINE)


def test_the_walk_through_takes_at_most_eight_files_and_each_exists() -> None:
    named = files()
    assert 0 < len(named) <= 8, named
    assert [path for path in named if not (ROOT / path).exists()] == []


def test_every_code_block_is_in_the_file_it_names() -> None:
    blocks = re.findall(r"In `([^`]+)`[^\n]*\n(?:[^\n]*\n)*?\n?```python\n(.*?)```", WALK, flags=re.DOTALL)
    shown = re.findall(r"```python\n(.*?)```", WALK, flags=re.DOTALL)
    assert len(shown) >= 4
    sources = {path: (ROOT / path).read_text() for path in files() if path.endswith(".py")}
    for block in shown:
        assert any(block.rstrip() in text for text in sources.values()), f"not in any walk-through file:\n{block}"
    assert blocks, "each code block says which file it is from"


def touched_by_commit_adding(path: str) -> list[str]:
    """The files changed by the commit that added `path`, or a skip where there is no git history."""
    try:
        commit = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%H", "--", path],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history here")
    if not commit:
        pytest.skip("no git history here")
    return subprocess.run(
        ["git", "show", "--name-only", "--format=", commit[-1]], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()


def test_the_commit_that_added_the_type_touched_these_files_and_no_others() -> None:
    touched = touched_by_commit_adding("minefree/education/tests/test_community_liaison.py")
    # A later move of a folder (the ODK forms') keeps a file's name: compare names.
    assert sorted(Path(p).name for p in touched) == sorted(Path(p).name for p in files())


def test_the_commit_that_added_a_field_touched_six_files_with_its_form_question_and_labels() -> None:
    # The session's duration, as "Adding a field" says: no form, reader or schema edited by hand.
    touched = touched_by_commit_adding("minefree/education/migrations/0004_eore_duration.py")
    assert sorted(touched) == [
        "docs/records/eore-session.md",
        "minefree/education/migrations/0004_eore_duration.py",
        "minefree/education/models.py",
        "minefree/education/tests/test_sessions.py",
        "minefree/locale/ru/LC_MESSAGES/django.po",
        "minefree/locale/tg/LC_MESSAGES/django.po",
    ]


def test_the_type_it_walks_through_has_its_form_pages_and_api(persona: Any) -> None:
    kind = KINDS["community_liaison"]
    assert REGISTRY["community-liaison"].report_kind == kind.name and form_for(kind.name) is not None
    clerk = persona("npa.clerk")
    assert clerk.get("/records/community-liaison/").status_code == 200
    assert clerk.get("/api/v1/community-liaison/").status_code == 200
    schema = clerk.get("/api/v1/schema/?format=json").json()
    assert "CommunityLiaisonPayload" in schema["components"]["schemas"]
