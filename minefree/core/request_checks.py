"""Refuse input no page should see: NUL characters and over-deep JSON, before any view runs.

Also the page's side of database contention: a write that lost its turn (core/errors.is_contention)
was rolled back whole, so a page says "busy, send it again" with 503 rather than a 500 (the API's
exception handler does the same for API calls).

One place for the whole site: the query string, form fields and JSON bodies of every page, API
call and OpenRosa request. Multipart bodies are left to their forms (Django's CharField already
refuses NUL), so a view can still choose how its uploads are read.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from minefree.core.errors import is_contention
from minefree.core.limits import json_problem


class BadInput(BadRequest):
    """Raised by a view or helper for input it cannot use (a tampered paging key): a 400 with the message."""


def _nul_in(params: QueryDict, label: str) -> str | None:
    for name, values in params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return _("The %(label)s %(name)s holds a NUL character (\\0).") % {
                "label": label,
                "name": name.strip("\x00"),
            }
    return None


def input_problem(request: HttpRequest) -> str | None:
    if "\x00" in request.path:
        return _("The address holds a NUL character (\\0).")
    problem = _nul_in(request.GET, _("query parameter"))
    if problem or request.method not in ("POST", "PUT", "PATCH"):
        return problem
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return _nul_in(request.POST, _("form field"))
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            data = json.loads(request.body)
        except RecursionError:
            return _("The JSON is nested too deep.")
        except ValueError:
            return None  # the view answers malformed JSON itself, with its parser's message
        return json_problem(data)
    return None


def refuse(request: HttpRequest, message: str) -> HttpResponse:
    if request.path.startswith("/api/") or request.content_type == "application/json":
        return JsonResponse({"detail": message}, status=400)
    return render(request, "core/bad_request.html", {"message": message}, status=400)


class RefuseBadInput:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = input_problem(request)
        if problem:
            return refuse(request, problem)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BadInput):
            return refuse(request, str(exception))
        if isinstance(exception, OverflowError):  # a number no column holds (a choice id of 20 digits)
            return refuse(request, _("A number in the request is too large."))
        if is_contention(exception):
            message = _("The database is busy with other writes; nothing was saved. Send it again in a moment.")
            if request.path.startswith("/api/") or request.content_type == "application/json":
                response: HttpResponse = JsonResponse({"detail": message}, status=503)
            else:
                response = render(request, "core/busy.html", {"message": message}, status=503)
            response["Retry-After"] = "2"
            return response
        return None
