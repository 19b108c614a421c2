"""`/search/?q=`: one box for references, names, places and organisations; the maps' place names."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from minefree.search import places
from minefree.search.sources import LIMIT, MAX_LENGTH, search


@login_required
def results(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    q = " ".join(raw.split())[:MAX_LENGTH]  # runs of spaces and newlines count as one space
    groups = search(request.user, q)
    return render(
        request,
        "search/results.html",
        {
            "q": q,
            "search_query": q,  # the top bar's box shows it too
            "groups": groups,
            "cut": len(raw.strip()) > MAX_LENGTH,
            "limit": LIMIT,
            "max_length": MAX_LENGTH,
        },
    )


@login_required
def place_search(request: HttpRequest) -> JsonResponse:
    """The map's place box: regions, districts, countries and places, each with where to zoom."""
    q = " ".join(request.GET.get("q", "").split())[:MAX_LENGTH]
    return JsonResponse({"q": q, "results": places.find(request.user, q)})


@login_required
def place_labels(request: HttpRequest) -> JsonResponse:
    """Names written on every map, in the reader's language."""
    return JsonResponse({"labels": places.labels(request.user)})
