"""Case-insensitive matching that also folds Cyrillic (and every other script) on both databases.

PostgreSQL's LOWER follows the database's UTF-8 locale; SQLite's LOWER and LIKE fold ASCII only, so
"РАШТ" would never find "Рашт". On SQLite each new connection gets a Python-backed
`minefree_lower` and `Lowered` calls it there; matching is then a plain (escaped) `contains` on
lower-cased text against a lower-cased term.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Func


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def add_sqlite_lower(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("minefree_lower", 1, _lower, deterministic=True)


class Lowered(Func):
    """LOWER(expression), Unicode-aware on SQLite too."""

    function = "LOWER"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, function="minefree_lower", **extra_context)
