"""The review inbox: the reports waiting for the centre, oldest first, with who has taken each."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from minefree.core.permissions import Action, Capability, DataClass, has
from minefree.fieldwork.filters import InboxFilter
from minefree.fieldwork.models import FieldReport
from minefree.fieldwork.words import age

# A centre reviews tens of reports a week; past this many the page says how many more wait.
SHOWN = 200
SORTS = {"oldest": ("submitted_at", "pk"), "newest": ("-submitted_at", "-pk")}


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not has(request.user, Capability.REVIEW_REPORTS, DataClass.REPORTS):
        raise PermissionDenied(_("The review inbox is for those who review field reports."))
    pending = FieldReport.objects.restrict(request.user, Action.REVIEW).select_related(
        "organisation", "author", "hazard", "assignee"
    )
    filters = InboxFilter(request.GET, queryset=pending)
    sort = request.GET.get("sort", "oldest")
    if sort not in SORTS:
        sort = "oldest"
    qs = filters.qs.order_by(*SORTS[sort])
    rows = list(qs[: SHOWN + 1])
    more = len(rows) > SHOWN
    now = timezone.now()
    entries = [{"report": r, "age": age(r.submitted_at, now)} for r in rows[:SHOWN]]
    return render(
        request,
        "fieldwork/inbox.html",
        {
            "filter": filters,
            "entries": entries,
            "more": qs.count() - SHOWN if more else 0,
            "sort": sort,
        },
    )
