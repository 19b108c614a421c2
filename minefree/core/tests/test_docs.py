"""Docs that cannot drift: every setting and CLI command is documented, the repository map is true."""

import re
from pathlib import Path

from minefree.cli import parser
from minefree.core.tests.repository_map import stale_names, unnamed_paths

ROOT = Path(__file__).resolve().parents[3]


def test_every_environment_setting_is_documented():
    settings_source = (ROOT / "minefree" / "settings.py").read_text()
    names = set(re.findall(r'(?:environ\.get|env_bool)\(\s*"([A-Z_]+)"', settings_source))
    assert {"DATABASE_URL", "MINEFREE_SECRET_KEY", "MINEFREE_DEBUG"} <= names
    documented = (ROOT / "docs" / "settings.md").read_text()
    assert sorted(n for n in names if f"`{n}`" not in documented) == []


def test_every_cli_command_is_documented():
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    documented = (ROOT / "docs" / "cli.md").read_text()
    assert sorted(c for c in commands if f"minefree {c}" not in documented) == []


def test_the_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    assert [line.split("#")[0].strip() for line in blocks[0].strip().splitlines()] == ["./dev demo", "./dev test"]
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("exec ./dev test")


def test_the_repository_map_names_every_tracked_file() -> None:
    missing = unnamed_paths()
    assert not missing, "docs/repository-map.md should name, in its folder's section:\n" + "\n".join(missing)


def test_every_path_the_repository_map_names_exists() -> None:
    stale = stale_names()
    assert not stale, "docs/repository-map.md names what is not in the repository:\n" + "\n".join(stale)
