"""The refused submissions log for the NMAC's reviewers: what was refused, why, and the instance itself.

A conflicting resend or a stale edit is refused to the phone (409) but its answers are kept here,
so nothing a team typed is lost; personal answers stay sealed as in every stored instance.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from minefree.core.permissions import Capability, has
from minefree.fieldcollection.models import SubmissionError

PAGE = 200


def _require_reviewer(request: HttpRequest) -> None:
    if not has(request.user, Capability.REVIEW_REPORTS):
        raise PermissionDenied(_("Only the NMAC's reviewers read refused submissions."))


@login_required
def refused_list(request: HttpRequest) -> HttpResponse:
    """Newest first; `?conflicts=1` keeps the conflicts (409) only."""
    _require_reviewer(request)
    rows = SubmissionError.objects.select_related("user").order_by("-received_at", "-id")
    conflicts = request.GET.get("conflicts") == "1"
    if conflicts:
        rows = rows.filter(status=409)
    return render(request, "fieldcollection/refusals.html", {"refused": rows[:PAGE], "conflicts": conflicts})


@login_required
def refused_xml(request: HttpRequest, pk: int) -> HttpResponse:
    """The refused instance as an attachment, to compare with the kept one or send again."""
    _require_reviewer(request)
    row = SubmissionError.objects.filter(pk=pk).exclude(xml="").first()
    if row is None:
        raise Http404
    response = HttpResponse(row.xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="refused-{row.pk}.xml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
