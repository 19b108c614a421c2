"""The rows an items request reads: the collection's visible rows, on the day asked for, narrowed by
the bbox, the dates, the property filters and the CQL2 filter, in a stable order by id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from minefree.core.errors import ActionError
from minefree.core.spatial_index import index_cut
from minefree.ogcapi import cql2
from minefree.ogcapi.errors import BadParameter
from minefree.ogcapi.params import ItemsQuery, Period
from minefree.ogcapi.properties import Prop, schema_of
from minefree.ogcapi.registry import Collection
from minefree.ogcapi.service import LoginNeeded
from minefree.ogcapi.values import typed


@dataclass(frozen=True)
class Source:
    rows: QuerySet[Any]
    props: tuple[Prop, ...]
    paths: dict[str, str]  # property name -> its path in `rows`
    key: str  # the id column, in order
    geometry: str


def source(collection: Collection, user: AbstractBaseUser | AnonymousUser, period: Period | None) -> Source:
    """What `user` may read of `collection` (on `period`'s day, for rows with a state per day)."""
    rows = collection.visible(user)
    if rows is None:
        raise LoginNeeded
    props = collection.properties_for(user)
    paths = {p.name: p.path for p in props}
    key = "pk"
    if period is not None and not user.is_authenticated and collection.dates is not None:
        raise LoginNeeded  # the public sees today's published outlines, and no dates of anything
    dated = collection.dated
    if period is not None and period.instant and dated is not None and period.start is not None:
        try:
            day = dated.check(period.start)
        except ActionError as error:
            raise BadParameter("datetime", " ".join(str(m) for m in error.errors.get("as_of", []))) from None
        rows = dated.on(day, rows)
        paths = {p.name: dated.path(p) for p in props}
        key = dated.key
    elif period is not None:
        if collection.dates is None:
            raise BadParameter("datetime", _("This collection has no dates to choose by."))
        start, end = collection.dates
        if period.end is not None:
            rows = rows.filter(**{f"{start}__lte": period.end})
        if period.start is not None:
            rows = rows.filter(**{f"{end}__gte": period.start})
    return Source(rows, props, paths, key, collection.geometry)


def narrowed(collection: Collection, src: Source, query: ItemsQuery) -> QuerySet[Any]:
    rows = src.rows
    if query.bbox is not None:
        rows = rows.filter(
            index_cut(rows.model, query.bbox, src.geometry), **{f"{src.geometry}__intersects": query.bbox}
        )
    schemas = {p.name: schema_of(collection.model, p) for p in src.props}
    for name, value in query.equals.items():
        rows = rows.filter(**{src.paths[name]: typed(schemas[name], value, name, name)})
    if query.filter is not None:
        filterable = {name: (src.paths[name], schemas[name]) for name in src.paths}
        rows = rows.filter(cql2.parse(query.filter, filterable, src.geometry, query.filter_crs))
    return rows


def one(src: Source, feature_id: int) -> QuerySet[Any]:
    return src.rows.filter(**{src.key: feature_id})


def paged(src: Source, rows: QuerySet[Any], query: ItemsQuery) -> tuple[QuerySet[Any], bool]:
    """A page of `rows` by key, one row more than `limit` asked for to tell whether more follow.

    Returns the rows and whether they run backwards (a `before` page, read from its end)."""
    if query.before is not None:
        return rows.filter(**{f"{src.key}__lt": query.before}).order_by(f"-{src.key}"), True
    if query.after is not None:
        rows = rows.filter(**{f"{src.key}__gt": query.after})
    return rows.order_by(src.key), False
