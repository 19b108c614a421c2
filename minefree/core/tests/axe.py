"""Runs axe-core (from the npm registry, `node_modules/axe-core`) on the page a browser test shows.

The source is handed to `page.evaluate`, which Playwright runs through the browser's debugging
protocol: the page keeps its own Content-Security-Policy (scripts from MineFree's static files only),
so axe checks the page exactly as a user gets it, and the policy's refusals still reach the test as
console errors. A context opened with `bypass_csp=True` would switch the policy off for the very
pages under test.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

# The impacts issue 13 forbids; "moderate" and "minor" are reported by axe but not failed on.
BLOCKING = ("serious", "critical")


@cache
def _source() -> str:
    return (settings.NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations of WCAG 2.1 A and AA and its best practices on the page as shown now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    result: dict[str, Any] = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    return list(result["violations"])


def blocking(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in found if v["impact"] in BLOCKING]


def describe(where: str, found: list[dict[str, Any]]) -> str:
    """One line per violation and element: rule, impact, CSS target, what to do."""
    lines = []
    for v in found:
        for node in v["nodes"]:
            lines.append(f"{where}: {v['id']} ({v['impact']}) at {node['target']}: {v['help']}")
    return "\n".join(lines)
