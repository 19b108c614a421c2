"""Data reaches a page's script only through json_script or an API, and every page forbids inline script.

Read from the source, so a new template or view that writes data into markup by hand fails here
before any browser sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))
PYTHON = sorted(p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)
# Where marking a string safe is right, and why; each also escapes every value it interpolates.
MARK_SAFE_ALLOWED: dict[str, str] = {}
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def names(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


def test_the_check_reads_the_templates_and_the_code():
    assert len(TEMPLATES) > 30 and any(p.name == "charts.py" for p in PYTHON)


@pytest.mark.parametrize("path", TEMPLATES, ids=names(TEMPLATES))
def test_no_template_turns_escaping_off(path):
    text = path.read_text()
    assert not re.search(r"\|\s*safe\b|\|\s*safeseq\b|{%\s*autoescape\s+off", text), "use json_script or escaping"


@pytest.mark.parametrize("path", TEMPLATES, ids=names(TEMPLATES))
def test_no_template_has_inline_script_or_handlers(path):
    text = path.read_text()
    for attributes in SCRIPT.findall(text):
        if 'type="importmap"' in attributes and "nonce=" in attributes:
            continue  # module names to addresses, JSON that runs nothing, under the response's nonce (webforms)
        assert "src=" in attributes, f"inline <script{attributes}>: move it to a static file, data to json_script"
    assert not HANDLER.search(text), "inline event handler: bind it in a static script"
    assert "javascript:" not in text.lower()


def test_python_builds_no_markup_marked_safe():
    found = {
        str(p.relative_to(ROOT))
        for p in PYTHON
        if re.search(r"\bmark_safe\b|\bSafeString\(\s*f[\"']|\bSafeText\(", p.read_text())
    }
    assert found <= set(MARK_SAFE_ALLOWED), f"mark_safe outside the allowed list: {sorted(found)}"
