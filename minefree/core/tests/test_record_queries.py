"""Every generic record list (page and API) costs the same number of queries for 1 row as for 50.

The rows of one page must never each fetch their foreign keys, children or labels on their own:
the count is taken on a one-row page and on a full page of the demo data and must not grow.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from minefree.core import generic_views
from minefree.core.permissions import Action
from minefree.core.registry import REGISTRY

TYPES = sorted(REGISTRY)
READER = "tnmac.im"  # sees every record type, personal data included
MOST = 12  # queries one list may cost, whatever its length (session, user, grants, rows, relations)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _visible(slug: str) -> QuerySet[Any]:
    return REGISTRY[slug].model.objects.restrict(User.objects.get(username=READER), Action.VIEW)


def _full_page(slug: str, ordered: QuerySet[Any]) -> int:
    """The length of a full page, after checking its rows have the relations a per-row query would fetch."""
    record_type = REGISTRY[slug]
    rows = list(ordered[: generic_views.PAGE_SIZE])
    assert len(rows) >= 3, f"the demo has too few {slug} to tell one row from many"
    meta = record_type.model._meta
    for name in record_type.columns:
        if meta.get_field(name).is_relation:
            assert any(getattr(row, f"{name}_id") for row in rows), f"no {slug} on the page has a {name}"
    for name in record_type.children:
        assert any(getattr(row, name).exists() for row in rows), f"no {slug} on the page has {name}"
    return len(rows)


@pytest.mark.parametrize("slug", TYPES)
def test_the_list_page_costs_the_same_for_one_row_as_for_many(persona, slug):
    client = persona(READER)
    many = _full_page(slug, _visible(slug).order_by("-pk"))
    keys = list(_visible(slug).order_by("pk").values_list("pk", flat=True)[:2])
    one_row = _count(client, f"/records/{slug}/?after={keys[1]}")  # the page after the second key: one row
    many_rows = _count(client, f"/records/{slug}/")
    assert (one_row, many_rows) == (one_row, one_row) and one_row <= MOST, (slug, one_row, many, many_rows)


@pytest.mark.parametrize("slug", TYPES)
def test_the_api_list_costs_the_same_for_one_row_as_for_many(persona, slug):
    client = persona(READER)
    many = _full_page(slug, _visible(slug).order_by("pk"))
    one_row = _count(client, f"/api/v1/{slug}/?page_size=1")
    many_rows = _count(client, f"/api/v1/{slug}/?page_size={many}")
    assert (one_row, many_rows) == (one_row, one_row) and one_row <= MOST, (slug, one_row, many, many_rows)
