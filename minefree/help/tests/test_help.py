"""Help pages: one per persona in each language, each link on them open to that persona."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from minefree.help.personas import PERSONAS

pytestmark = pytest.mark.django_db

# The demo persona who reads each help page as their own (None: the public, not logged in).
READERS = {
    "nmac_im": "tnmac.im",
    "nmac_qa": "tnmac.qa",
    "nmac_admin": "tnmac.admin",
    "operator_clerk": "npa.clerk",
    "operator_manager": "npa.manager",
    "donor": "donor.usdos",
    "disaster_officer": "coes.officer",
    "public": None,
}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
ARTICLE = re.compile(r'<article class="help"[^>]*>(.*?)</article>', re.S)
HREF = re.compile(r'href="([^"]+)"')
CYRILLIC = re.compile(r"[А-Яа-яЁёҒғӢӣҚқӮӯҲҳҶҷ]")


def reader(persona: Any, slug: str, language: str) -> Client:
    username = READERS[slug]
    client = persona(username) if username else Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_every_persona_has_a_reader() -> None:
    assert set(READERS) == {p.slug for p in PERSONAS}


@pytest.mark.parametrize("slug", sorted(READERS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_is_written_in_each_language(slug: str, language: str) -> None:
    # Its own file, not the English page falling back.
    source = get_template(f"help/{slug}.{language}.html").template.source
    assert "<ol>" in source
    if language != "en":
        assert len(CYRILLIC.findall(source)) > 200, "written in the language, in Cyrillic"


@pytest.mark.parametrize("slug", sorted(READERS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_link_opens_for_its_persona(persona: Any, slug: str, language: str) -> None:
    client = reader(persona, slug, language)
    response = client.get(reverse("help:page", args=[slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    article = ARTICLE.search(page)
    assert article is not None
    links = HREF.findall(article.group(1))
    assert len(links) >= 2
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, (slug, language, link)


@pytest.mark.parametrize("slug", sorted(READERS))
def test_help_opens_the_readers_own_persona_first(persona: Any, slug: str) -> None:
    page = reader(persona, slug, "en").get(reverse("help:index")).content.decode()
    assert f'<article class="help" id="help-{slug}">' in page
    listed = re.findall(r'href="/help/([\w-]+)/"', page)
    assert listed[0] == slug and len(set(listed)) == len(PERSONAS)


def test_the_top_bar_offers_help_and_search(persona: Any) -> None:
    page = persona("npa.clerk").get(reverse("hazards:list")).content.decode()
    assert f'href="{reverse("help:index")}"' in page
    assert f'action="{reverse("search:results")}"' in page
    anonymous = Client().get(reverse("dashboards:public")).content.decode()
    assert f'href="{reverse("help:index")}"' in anonymous


def test_an_unknown_persona_is_not_found() -> None:
    assert Client().get(reverse("help:page", args=["nobody"])).status_code == 404
