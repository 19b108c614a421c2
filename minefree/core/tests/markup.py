"""What a served page runs: its <script> elements and event-handler attributes, read with an HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser


class _Runs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script" and not named.get("src") and named.get("type") != "application/json":
            self.found.append(f"inline <script {named}>")
        self.found += [f"<{tag} {name}=...>" for name, _value in attrs if name.startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            if (named.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")


def what_runs(html: str) -> list[str]:
    """Inline scripts, handlers and javascript: URLs in the page: none may be there."""
    parser = _Runs()
    parser.feed(html)
    return parser.found
