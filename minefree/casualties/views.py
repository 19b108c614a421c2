"""The one page that shows a victim's personal data: POST only, and every showing is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from minefree.casualties.assistance import read_personal_data
from minefree.casualties.models import Victim
from minefree.core.permissions import Action


@login_required
@require_POST
def personal(request: HttpRequest, pk: int) -> HttpResponse:
    victim = Victim.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()
    if victim is None:
        raise Http404
    data = read_personal_data(request.user, victim)
    response = render(request, "casualties/personal.html", {"victim": victim, "data": data})
    response["Cache-Control"] = "no-store"  # never left in a shared browser's cache
    return response
