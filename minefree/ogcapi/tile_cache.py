"""Tiles kept in Django's cache, one copy per permission set rather than per user.

Two readers whose grants give the same WHERE clause (`restrict`) see the same rows, so they share a
tile: the key holds a digest of that clause, never the user. It also holds the data version, the
newest audit entry: every write is a named action that writes one, so an approved report (or
any edit) makes every tile new at once, on every server process sharing the database.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from minefree.core.models import AuditEntry
from minefree.core.permissions import Action, restriction
from minefree.ogcapi.registry import Collection
from minefree.ogcapi.tilematrix import Tile

TIMEOUT = 3600  # seconds; a newer data version makes a cached tile unreachable long before


def permission_key(collection: Collection, user: AbstractBaseUser | AnonymousUser) -> str:
    """The same text for every reader who sees the same rows and properties of `collection`."""
    if not user.is_authenticated:
        return "public"
    clause = repr(restriction(user, Action.VIEW, collection.model))
    return hashlib.sha256(clause.encode()).hexdigest()[:24]


def data_version() -> str:
    """The newest audit entry's id and time: one read of the primary key's index, whatever the table's
    size. The time tells apart two entries given the same id (a database restored from a backup)."""
    newest = AuditEntry._default_manager.order_by("-pk").values_list("pk", "time").first()
    return f"{newest[0]}@{newest[1].timestamp()}" if newest else "0"


def key(collection: Collection, tile: Tile, permissions: str, version: str, narrowed_by: str = "") -> str:
    """`narrowed_by`: the page filters asked for, as sorted query text ("" for none)."""
    digest = hashlib.sha256(narrowed_by.encode()).hexdigest()[:16] if narrowed_by else "all"
    return f"ogc-tile:{collection.id}:{tile.z}/{tile.y}/{tile.x}:{permissions}:{version}:{digest}"


def etag(cache_key: str) -> str:
    return '"' + hashlib.sha256(cache_key.encode()).hexdigest()[:32] + '"'
