"""The collections the service offers, each declared once (`declared.py`): what its rows are, who
reads them, how they are placed in space and time, and which properties they carry.

Every row a signed-in user reads comes through `restrict(user, "view")`, as on the pages and the
REST API; anonymous readers get only what the public dashboard already publishes (`public`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet

from minefree.core.permissions import Action
from minefree.ogcapi.properties import Prop

Rows = Callable[[QuerySet[Any]], QuerySet[Any]]


def unchanged(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows


@dataclass(frozen=True)
class Dated:
    """Rows with a state per day (hazardous areas): `datetime` asks for the state on one day.

    `on(day, rows)` gives the state rows of the (restricted) `rows` on `day`; properties named in
    `own` are the state's, the others are read through `prefix` from the state to its row.
    """

    on: Callable[[dt.date, QuerySet[Any]], QuerySet[Any]]
    check: Callable[[dt.date], dt.date]  # the day, or ActionError when no state can exist then
    own: tuple[str, ...]
    prefix: str
    key: str  # the state's column holding the row's id: features keep their id on every day

    def path(self, prop: Prop) -> str:
        return prop.path if prop.name in self.own else self.prefix + prop.path


@dataclass(frozen=True)
class Collection:
    id: str
    title: Any
    description: Any
    model: type[Model]
    geometry: str  # the geometry column, or the name of an annotation `rows` adds
    geometry_type: str
    properties: tuple[Prop, ...]
    # The date columns placing a row in time (start, end; the same twice for one day), for `datetime`.
    dates: tuple[str, str] | None = None
    rows: Rows = unchanged  # narrows or annotates the restricted rows (spot tasks, casualty counts)
    # The rows anyone may read without logging in, or None when reading needs a login.
    public: Callable[[], QuerySet[Any] | None] | None = None
    public_properties: tuple[str, ...] = ()
    dated: Dated | None = None
    html: Callable[[int | None], str] | None = field(default=None)  # the page of the list, or of one row
    # A point column drawn in tiles where `geometry` is empty (a legacy hazard known only by its point).
    point: str | None = None
    # The web page's own filters, which its tiles take too (signed-in readers): (names, narrow(query, rows)).
    tile_filters: tuple[tuple[str, ...], Callable[[Any, QuerySet[Any]], QuerySet[Any]]] | None = None

    def visible(self, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Any] | None:
        """The rows `user` may read (None: not without logging in)."""
        if not user.is_authenticated:
            return self.public() if self.public else None
        return self.rows(self.model.objects.restrict(user, Action.VIEW))  # type: ignore[attr-defined]

    def properties_for(self, user: AbstractBaseUser | AnonymousUser) -> tuple[Prop, ...]:
        if user.is_authenticated:
            return self.properties
        return tuple(p for p in self.properties if p.name in self.public_properties)


COLLECTIONS: dict[str, Collection] = {}


def declare(collection: Collection) -> Collection:
    if collection.id in COLLECTIONS:
        raise ValueError(f"collection {collection.id!r} declared twice")
    COLLECTIONS[collection.id] = collection
    return collection
