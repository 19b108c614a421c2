"""Tiles kept in Django's cache, one copy per permission set rather than per user.

Two readers whose grants give the same WHERE clause (`restrict`) see the same rows, so they share a
tile: the key holds a digest of that clause, never the user. It also holds the data version, the
newest audit entry's id: every write is a named action that writes one, so an approved report (or
any edit) makes every tile new at once, on every server process sharing the database.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Max

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


def data_version() -> int:
    """The newest audit entry's id: a read of the primary key's index, whatever the table's size."""
    return AuditEntry._default_manager.aggregate(newest=Max("pk"))["newest"] or 0


def key(collection: Collection, tile: Tile, permissions: str, version: int) -> str:
    return f"ogc-tile:{collection.id}:{tile.z}/{tile.y}/{tile.x}:{permissions}:{version}"


def etag(cache_key: str) -> str:
    return '"' + hashlib.sha256(cache_key.encode()).hexdigest()[:32] + '"'
