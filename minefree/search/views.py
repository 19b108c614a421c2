"""`/search/?q=`: one box for references, names, places and organisations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
