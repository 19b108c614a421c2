"""Pages for field reports: the queue, writing a report, and reviewing it beside the record."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minefree.core import pagedata
from minefree.core.errors import ActionError, ConcurrentEdit, NeedsConfirmation
from minefree.core.forms import add_action_errors, form_status
from minefree.core.paging import keyset_page
from minefree.core.permissions import Action, Capability, DataClass, has, organisations_with
from minefree.fieldwork import actions
from minefree.fieldwork import payload as report_payload
from minefree.fieldwork.answers import current_text, described
from minefree.fieldwork.declare import KINDS, kind_choices
from minefree.fieldwork.duplicates import candidates
from minefree.fieldwork.filters import FieldReportFilter
from minefree.fieldwork.forms import form_for, web_form_kinds
from minefree.fieldwork.models import FieldReport, Notification
from minefree.fieldwork.words import days_apart, distance
from minefree.gazetteer.home import local_today
from minefree.hazards.drawing import drawing_context
from minefree.hazards.models import HazardArea
from minefree.organisations.models import Organisation

PAGE_SIZE = 50


def _report(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> FieldReport:
    report = (
        FieldReport.objects.restrict(request.user, action)
        .select_related("organisation", "author", "hazard", "decided_by", "assignee")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404(_("No such field report."))  # the same for "not yours": ids reveal nothing
    return report


def _writing_organisation(request: HttpRequest) -> Organisation:
    own = organisations_with(request.user, Capability.WRITE_REPORTS, DataClass.REPORTS)
    if not own:
        raise PermissionDenied(_("Your role does not write field reports."))
    return Organisation.objects.get(pk=own[0])


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    visible = FieldReport.objects.restrict(request.user, Action.VIEW).select_related("organisation", "hazard", "author")
    filters = FieldReportFilter(request.GET, queryset=visible)
    qs = filters.qs.order_by("-id")
    page = keyset_page(request, qs, PAGE_SIZE)
    rows, next_query = page.rows, page.next_query
    writes = bool(organisations_with(request.user, Capability.WRITE_REPORTS, DataClass.REPORTS))
    reviews = has(request.user, Capability.REVIEW_REPORTS, DataClass.REPORTS)
    waiting = FieldReport.objects.restrict(request.user, Action.REVIEW).count() if reviews else 0
    return render(
        request,
        "fieldwork/list.html",
        {
            "filter": filters,
            "rows": rows,
            "next_query": next_query,
            "can_write": writes,
            "reviews": reviews,
            "waiting": waiting,
            "kinds": [(code, label) for code, label in kind_choices() if code in web_form_kinds()],
        },
    )


def _hazard_param(request: HttpRequest, from_post: bool = True) -> HazardArea | None:
    pk = request.GET.get("hazard") or (request.POST.get("hazard") if from_post else None)
    if not pk:
        return None
    if not pk.isascii() or not pk.isdigit():
        raise Http404(_("No such hazardous area."))
    hazard = HazardArea.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()
    if hazard is None:
        raise Http404(_("No such hazardous area."))
    return hazard


@login_required
def report_create(request: HttpRequest, kind: str) -> HttpResponse:
    form_class = form_for(kind)
    if form_class is None:
        raise Http404
    organisation = _writing_organisation(request)
    names_hazard = "hazard" in form_class.base_fields  # the form's own field, by reference, not a hidden id
    hazard = _hazard_param(request, from_post=not names_hazard)
    initial = {"client_id": f"web-{uuid.uuid4()}", "date_of_information": local_today(), "hazard": hazard}
    form = form_class(
        request.POST or None, request.FILES or None, initial=initial, organisation=organisation, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        if names_hazard:
            hazard = form.cleaned_data["hazard"]
        try:
            report, _created = actions.save_report(
                request.user,
                kind=kind,
                organisation=organisation,
                client_id=form.cleaned_data["client_id"],
                date_of_information=form.cleaned_data["date_of_information"],
                payload=form.payload(),
                hazard=hazard,
            )
            if "submit" in request.POST:
                report = actions.submit_report(request.user, report)
            _confirm_saved(request, report)
            return redirect("fieldwork:detail", pk=report.pk)
        except ActionError as exc:
            add_action_errors(form, exc)
    title = KINDS[kind].label
    context = {"form": form, "title": title, "hazard": hazard, "kind": kind}
    if "drawn" in form.fields:
        context["drawing"] = drawing_context(form, own=hazard.pk if hazard else None)
    return render(request, "fieldwork/form.html", context, status=form_status(request, form))


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk, Action.CHANGE)
    form_class = form_for(report.kind)
    if form_class is None:
        raise Http404(_("This kind of report is edited through the API or the field app."))
    initial = {
        **form_class.initial_from(report.payload),
        "client_id": report.client_id,
        "version": report.version,
        "date_of_information": report.date_of_information,
        "hazard": report.hazard,
    }
    form = form_class(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        organisation=report.organisation,
        user=request.user,
    )
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            payload = form.payload()
            if "geometry" in report.payload and "geometry" not in payload:
                payload["geometry"] = report.payload["geometry"]  # no new polygon given: keep the one reported
            for name in report_payload.sealed_fields(report.kind):
                if not payload.get(name) and name in report.payload:
                    payload[name] = report.payload[name]  # sealed values are not shown, so blank keeps them
            report = actions.edit_report(
                request.user,
                report,
                expected_version=form.cleaned_data["version"],
                payload=payload,
                date_of_information=form.cleaned_data["date_of_information"],
                hazard=form.cleaned_data.get("hazard"),
            )
            if "submit" in request.POST:
                report = actions.submit_report(request.user, report)
            _confirm_saved(request, report)
            return redirect("fieldwork:detail", pk=report.pk)
        except ConcurrentEdit as exc:
            add_action_errors(form, exc)
            current = exc.current
        except ActionError as exc:
            add_action_errors(form, exc)
    geojson = report.payload.get("geometry") or None
    return render(
        request,
        "fieldwork/form.html",
        {
            "form": form,
            "title": _("Edit %(ref)s") % {"ref": report.reference},
            "report": report,
            "hazard": report.hazard,
            "current": current,
            "current_rows": described(report.kind, (current or {}).get("payload") or {}),
            "geojson": geojson,
            "kind": report.kind,
            "drawing": drawing_context(form, own=report.hazard_id) if "drawn" in form.fields else None,
        },
        status=form_status(request, form),
    )


def _confirm_saved(request: HttpRequest, report: FieldReport) -> None:
    if report.state == FieldReport.State.SUBMITTED:
        messages.success(request, _("%(ref)s submitted; the centre will review it.") % {"ref": report.reference})
    else:
        messages.success(
            request,
            _("Draft %(ref)s saved; it stays within your organisation until you submit it.")
            % {"ref": report.reference},
        )


def _confirm_decided(request: HttpRequest, report: FieldReport, decision: str) -> None:
    """Say what the button did, in the words of the record it changed."""
    ref, org = report.reference, report.organisation
    if decision == "approve":
        if report.hazard is not None:
            text = _("Approved %(ref)s: hazardous area %(hazard)s updated in the national record.") % {
                "ref": ref,
                "hazard": report.hazard.reference,
            }
        else:
            text = _("Approved %(ref)s: it is now part of the national record.") % {"ref": ref}
    elif decision == "return":
        text = _("%(ref)s returned to %(org)s with your comment.") % {"ref": ref, "org": org}
    elif decision == "reject":
        text = _("%(ref)s rejected; %(org)s was told why.") % {"ref": ref, "org": org}
    elif decision == "take":
        text = _("You took %(ref)s; other reviewers see that it is yours.") % {"ref": ref}
    elif decision == "submit":
        text = _("%(ref)s submitted; the centre will review it.") % {"ref": ref}
    else:
        text = _("Comment added to %(ref)s.") % {"ref": ref}
    messages.success(request, text)


def comparison(report: FieldReport) -> list[dict[str, Any]]:
    """The report's answers beside the record's current values, in words, changed ones marked."""
    hazard = report.hazard if report.kind == "hazard" else None
    rows = []
    for name, label, text in described(report.kind, report.payload):
        current = None
        if hazard is not None and report.state != "approved":
            current = current_text(report.kind, name, getattr(hazard, name, None))
        rows.append(
            {
                "name": label,
                "reported": text,
                "current": current,
                "changed": hazard is not None and current is not None and current != text,
            }
        )
    return rows


def _why_not_reviewer(request: HttpRequest) -> str:
    """Said on a submitted report instead of the review buttons, so nobody wonders where they went."""
    if has(request.user, Capability.REVIEW_REPORTS, DataClass.REPORTS):
        return _("Your grant to review reports does not cover this report's area or data; ask the NMAC administrator.")
    return _("Reviewing needs the review_reports right; ask the NMAC administrator.")


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    editable = FieldReport.objects.restrict(request.user, Action.CHANGE).filter(pk=pk).exists()
    reviewable = FieldReport.objects.restrict(request.user, Action.REVIEW).filter(pk=pk).exists()
    ranked = candidates(report, request.user) if reviewable else []
    duplicates = [
        {
            "candidate": c,
            "url": reverse("hazards:detail" if c.kind == "hazard" else "fieldwork:detail", args=[c.pk]),
            "distance": distance(c.distance_m),
            "days": days_apart(c.days_apart),
            "share": round(c.overlap_share * 100),
        }
        for c in ranked
    ]
    duplicates_map = [
        {"reference": c.reference, "url": d["url"], "geometry": pagedata.geojson(c.geometry)}
        for c, d in zip(ranked, duplicates, strict=True)
    ]
    review_reason = "" if reviewable or report.state != FieldReport.State.SUBMITTED else _why_not_reviewer(request)
    hazard_geojson = pagedata.geojson(report.hazard.geometry) if report.hazard else None
    from minefree.fieldcollection.models import Attachment  # photos sent with the report from the field

    attachments = Attachment.objects.filter(submission__report=report).order_by("pk")
    Notification.objects.filter(user=request.user.pk, report=report, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(
        request,
        "fieldwork/detail.html",
        {
            "report": report,
            "rows": comparison(report),
            "editable": editable,
            "reviewable": reviewable,
            "review_reason": review_reason,
            "candidates": ranked,
            "duplicates": duplicates,
            "duplicates_map": duplicates_map,
            "comments": report.comments.select_related("author"),
            "report_geojson": report.payload.get("geometry") or report.payload.get("location"),
            "hazard_geojson": hazard_geojson,
            "warnings": request.session.pop(f"report-{pk}-warnings", []),
            "attachments": attachments,
            "image_types": ("image/jpeg", "image/png", "image/webp"),
        },
    )


@login_required
@require_POST
def report_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """Submit, return, reject, approve or comment, from the buttons on the report page."""
    report = _report(request, pk)
    raw_version = request.POST.get("version", "").strip()
    if raw_version and not raw_version.isdigit():  # the edit check needs the version the page showed
        request.session[f"report-{pk}-warnings"] = [_("version: Not a whole number.")]
        return redirect("fieldwork:detail", pk=pk)
    version = int(raw_version) if raw_version else None
    comment = request.POST.get("comment", "")
    try:
        if decision == "take":
            report = actions.take_report(request.user, report)
        elif decision == "submit":
            report = actions.submit_report(request.user, report, version)
        elif decision == "return":
            report = actions.return_report(request.user, report, comment, version)
        elif decision == "reject":
            report = actions.reject_report(request.user, report, comment, version)
        elif decision == "approve":
            link = request.POST.get("link_to")
            target = HazardArea.objects.restrict(request.user, Action.VIEW).filter(pk=link).first() if link else None
            report = actions.approve_report(
                request.user,
                report,
                expected_version=version,
                comment=comment,
                confirm=bool(request.POST.get("confirm")),
                link_to=target,
                merge=bool(request.POST.get("merge")),
            )
        elif decision == "comment":
            actions.comment_on(request.user, report, comment)
        else:
            raise Http404
    except NeedsConfirmation as exc:
        request.session[f"report-{pk}-warnings"] = [m for ms in exc.errors.values() for m in ms]
    except ActionError as exc:
        said = [f"{field}: {m}" if field and field != "assignee" else m for field, ms in exc.errors.items() for m in ms]
        if decision == "take" and request.POST.get("next") == "inbox":
            for text in said:
                messages.error(request, text)
            return redirect("fieldwork:inbox")
        request.session[f"report-{pk}-warnings"] = said
    else:
        _confirm_decided(request, report, decision)
        if request.POST.get("next") == "inbox":
            return redirect("fieldwork:inbox")
    return redirect("fieldwork:detail", pk=pk)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(user=request.user.pk).select_related("report")[:200]
    return render(request, "fieldwork/notifications.html", {"rows": rows})
