"""Dashboard figures kept until the records under them change (`figures_version.py`).

A block is the same for every reader with the same grants, in the same language, on the same day:
the key says so, and the version says the records have not changed since it was built. The first
reader after a change (an approved report, an import) builds it again; every other reader gets it
from memory in a few milliseconds instead of seconds at national scale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from minefree.core.permissions import grants
from minefree.dashboards import figures_version
from minefree.gazetteer.home import home_country_code, local_today

T = TypeVar("T")
KEEP = 24 * 3600  # seconds; the version and the day in the key end an entry's use sooner


def reader(user: Any | None) -> str:
    """What `restrict` sees of a reader: the public, nobody, a superuser, or exactly these grants."""
    if user is None:
        return "public"
    if not user.is_authenticated or not user.is_active:
        return "nobody"
    if getattr(user, "is_superuser", False):
        return "superuser"
    return repr(sorted(grants(user), key=repr))


def figures(name: str, user: Any | None, build: Callable[[], T]) -> T:
    """`build()`'s result for `name` (its arguments included) as `user` sees it, from the cache when
    the records have not changed since it was built."""
    version = figures_version.current()
    if version is None:
        return build()
    parts = (name, reader(user), get_language() or "", local_today().isoformat(), home_country_code() or "", version)
    key = "dashboards:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found: T | None = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, KEEP)
    return found
