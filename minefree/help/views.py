"""`/help/`: what each persona does in MineFree, step by step, in the reader's language.

Each page is written directly in each language (`templates/help/<persona>.<language>.html`), not
assembled from translated fragments; a language without its own page falls back to English.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import get_language

from minefree.help.personas import BY_SLUG, Persona, ordered_for


def page_template(persona: Persona) -> str:
    language = (get_language() or "en").split("-")[0]
    names = [f"help/{persona.slug}.{language}.html", f"help/{persona.slug}.en.html"]
    return str(select_template(names).template.name)


def index(request: HttpRequest) -> HttpResponse:
    personas = ordered_for(request.user)
    own = personas[0]
    return render(
        request, "help/index.html", {"personas": personas, "persona": own, "own": own, "body": page_template(own)}
    )


def page(request: HttpRequest, slug: str) -> HttpResponse:
    persona = BY_SLUG.get(slug)
    if persona is None:
        raise Http404
    own = ordered_for(request.user)[0]
    return render(
        request,
        "help/page.html",
        {"personas": ordered_for(request.user), "persona": persona, "own": own, "body": page_template(persona)},
    )
