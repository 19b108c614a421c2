"""The browser form for people without ODK Collect: ODK Web Forms, one page per form, under /fill/.

The pages read the form and its lists with the browser's session, and send what was filled to the
same OpenRosa submission code Collect reaches (`openrosa.receive`), here behind the session and
Django's CSRF check instead of HTTP Basic.
"""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minefree.fieldcollection import media as lists
from minefree.fieldcollection import openrosa
from minefree.fieldcollection.models import XForm
from minefree.webforms.fillable import fillable, form_for, title

WORKER = Path(__file__).with_name("sw.js")


def _form(request: HttpRequest, form_id: str) -> XForm:
    form = form_for(request.user, form_id)
    if form is None:
        raise Http404
    return form


@login_required
@require_GET
def form_list(request: HttpRequest) -> HttpResponse:
    forms = [{"form": form, "title": title(form)} for form in fillable(request.user)]
    return render(request, "webforms/list.html", {"forms": forms})


# The import map that lets the page import "vue" without a bundler is an inline script: it runs
# under this page's nonce, and every other script still comes from MineFree's static files only.
# The form engine's XPath parser is WebAssembly: 'wasm-unsafe-eval' allows compiling that, and
# still no eval() or new Function() of JavaScript. Its fonts are built in as data: URLs.
@login_required
@require_GET
@csp_update({"script-src": [NONCE, "'wasm-unsafe-eval'"], "font-src": ["data:"]})  # type: ignore[arg-type]  # typed for views of request only
def form_page(request: HttpRequest, form_id: str) -> HttpResponse:
    form = _form(request, form_id)
    urls = {
        "xml": reverse("webforms:xml", args=[form.form_id]),
        "media": reverse("webforms:media", args=[form.form_id, "NAME"]),
        "submission": reverse("webforms:submission"),
        "worker": reverse("webforms:worker"),
        "scope": reverse("webforms:list"),
    }
    return render(
        request,
        "webforms/form.html",
        {"form": form, "title": title(form), "urls": urls, "username": request.user.get_username()},
    )


@login_required
@require_GET
def form_xml(request: HttpRequest, form_id: str) -> HttpResponse:
    return HttpResponse(_form(request, form_id).xml, content_type="text/xml; charset=utf-8")


@login_required
@require_GET
def media(request: HttpRequest, form_id: str, name: str) -> HttpResponse:
    """A list the form uses, built for this user through `restrict` as for ODK Collect."""
    form = _form(request, form_id)
    return lists.served(request.user, form.xml, name)


@require_POST
def submission(request: HttpRequest) -> HttpResponse:
    """What the page's queue sends: the session says who (CsrfViewMiddleware has checked the token);
    the page sends X-OpenRosa-Version, which `receive` asks for, as Collect does."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return openrosa.receive(request)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /fill/ so that its scope is the web-form pages only; always checked for a new copy."""
    response = HttpResponse(WORKER.read_text(encoding="utf-8"), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
