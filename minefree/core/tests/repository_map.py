"""Reads docs/repository-map.md the way its opening paragraph says it is written.

- Each `## ` heading that names a folder in backticks, by its path from the repository root
  (`minefree/`), opens that folder's section; so does each `### ` heading below it, by its path from
  that folder (`core/`). The "Top level" heading is the repository root.
- A tracked file belongs to the section of the nearest folder above it that has one. It is named there
  in backticks by its path from that folder (`treaty/xlsx.py`), or by its file name (`xlsx.py`) in a
  table row whose first cell is its folder (`treaty/`).
- Folders of many files of one kind (tests/, migrations/, locale/, xlsforms/, img/, records/) are named as a
  folder (`tests/`) instead, so a new test module needs no new line. `__init__.py` files are not named.
- Every file a table row names, and every folder a row starts with, exists.
"""

import re
import subprocess
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[3]
MAP = ROOT / "docs" / "repository-map.md"
FOLDERS_NAMED_WHOLE = {"tests", "migrations", "locale", "xlsforms", "img", "records"}
FILE_NAME = re.compile(r"[\w.-][\w./-]*\.(?:py|html|js|css|md)")
IN_BACKTICKS = re.compile(r"`([^`]+)`")


def tracked_files() -> list[str]:
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [path for path in listing.stdout.split("\0") if path and (ROOT / path).is_file()]


class Section:
    """The lines under one heading: every name in backticks, and the table rows by their first cell."""

    def __init__(self, folder: str) -> None:
        self.folder = folder  # "" for the repository root, else a path ending in "/"
        self.names: set[str] = set()
        self.rows: list[tuple[str, set[str]]] = []

    def add_line(self, line: str) -> None:
        names = set(IN_BACKTICKS.findall(line))
        self.names |= names
        if line.startswith("|") and not line.startswith("| ---"):
            first_cell = IN_BACKTICKS.findall(line.split("|")[1])
            self.rows.append((first_cell[0] if first_cell else "", names))


def sections() -> dict[str, Section]:
    found: dict[str, Section] = {}
    current: Section | None = None
    above = ""  # the folder of the last "## " heading, which a "### " heading's folder is inside
    for line in MAP.read_text().splitlines():
        heading = re.match(r"(#{2,3}) (.*)", line)
        if heading:
            folder = re.match(r"`([^`]*/)`", heading.group(2))
            key = folder.group(1) if folder else ("" if heading.group(2).strip() == "Top level" else None)
            if heading.group(1) == "##":
                above = key or ""
            elif key is not None:
                key = above + key
            current = None if key is None else found.setdefault(key, Section(key))
        elif current is not None:
            current.add_line(line)
    return found


def section_of(path: str, by_folder: dict[str, Section]) -> Section:
    for parent in PurePosixPath(path).parents:  # nearest first, the root (".") last
        key = "" if str(parent) == "." else f"{parent}/"
        if key in by_folder:
            return by_folder[key]
    raise AssertionError("docs/repository-map.md has no 'Top level' section")


def lacking_name(path: str, section: Section) -> str | None:
    """What the map should name for this file (itself or its folder), or None if its section names it."""
    relative = path[len(section.folder) :]
    parts = relative.split("/")
    whole = next((i for i, part in enumerate(parts[:-1]) if part in FOLDERS_NAMED_WHOLE), None)
    if whole is not None:
        folder = "/".join(parts[: whole + 1]) + "/"
        return None if folder in section.names else section.folder + folder
    if relative in section.names:
        return None
    folder, _, name = relative.rpartition("/")
    if folder and any(first == f"{folder}/" and name in names for first, names in section.rows):
        return None
    return path


def unnamed_paths() -> list[str]:
    by_folder = sections()
    lacking = (lacking_name(path, section_of(path, by_folder)) for path in tracked_files())
    return sorted({name for name in lacking if name and not name.endswith("__init__.py")})


def stale_names() -> list[str]:
    files = set(tracked_files())
    folders = {f"{parent}/" for path in files for parent in PurePosixPath(path).parents if str(parent) != "."}
    stale = []
    for section in sections().values():
        if section.folder and section.folder not in folders:
            stale.append(section.folder)
        for first, names in section.rows:
            if first.endswith("/") and section.folder + first not in folders:
                stale.append(section.folder + first)
            for name in filter(FILE_NAME.fullmatch, names):
                places = {section.folder + name, section.folder + first + name, name, f"minefree/{name}"}
                if not places & files:
                    stale.append(f"{name} (in the section of {section.folder or 'the top level'})")
    return stale
