"""The set-up pages in Chromium: a country from its COD GeoPackage, its regions picked from a layer,
its districts from a zipped geoBoundaries Shapefile; in English and Russian, at a desk and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from minefree.conftest import ARTIFACTS, docs_screenshot, log_in
from minefree.countrysetup.tests import ruritania
from minefree.gazetteer.models import AdminArea, Country

pytestmark = pytest.mark.browser
SIZES = {"desk": (1280, 900), "phone": (390, 844)}


def _remove_ruritania() -> None:
    AdminArea.objects.filter(country__code="RUR", level=2).delete()
    AdminArea.objects.filter(country__code="RUR").delete()
    Country.objects.filter(code="RUR").delete()


@pytest.fixture
def no_ruritania(server: str) -> Iterator[None]:
    """The browser's server shares the demo database with later tests: Ruritania leaves with the test."""
    _remove_ruritania()
    yield
    _remove_ruritania()


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_administrator_sets_ruritania_up_in_the_browser(
    page: Page, server: str, no_ruritania: None, tmp_path: Path, language: str, size: str
) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    cod = ruritania.cod_geopackage(tmp_path)
    shapes = ruritania.geoboundaries_adm2_shapefile(tmp_path)
    page.context.clear_cookies()  # the page is the module's: start logged out, in the default language
    log_in(page, server, "tnmac.admin")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.select_option("header select[name=language]", language)
    expect(page.locator("html")).to_have_attribute("lang", language)

    page.goto(f"{server}/setup/countries/new/")
    page.fill("input[name=code]", "RUR")
    page.fill("input[name=name]", "Ruritania")
    page.fill("input[name=name_ru]", "Руритания")
    page.select_option("select[name=time_zone]", "Europe/Vienna")
    page.set_input_files("input[name=boundary]", str(cod))
    page.fill("input[name=boundary_layer]", "rur_admbnda_adm0")
    page.click("form.record button[type=submit]")
    page.wait_for_url(f"{server}/setup/")
    expect(page.locator("table.countries")).to_contain_text("Руритания" if language == "ru" else "Ruritania")
    _fits(page, width)

    page.goto(f"{server}/setup/areas/")
    page.select_option("select[name=country]", label="Руритания" if language == "ru" else "Ruritania")
    page.select_option("select[name=level]", "1")
    page.set_input_files("input[name=file]", str(cod))
    page.click("form.record button[type=submit]")
    page.click("text=rur_admbnda_adm1")
    expect(page.locator("table.sample")).to_contain_text("Штрельзау")
    expect(page.locator("p.layer-facts")).to_contain_text("rur_admbnda_adm1")
    expect(page.locator("select[name=code]")).to_have_value("ADM1_PCODE")
    expect(page.locator("select[name=name_ru]")).to_have_value("ADM1_RU")
    _fits(page, width)
    page.screenshot(path=str(ARTIFACTS / f"country-setup-preview-{language}-{size}.png"), full_page=True)
    if (language, size) == ("en", "desk"):
        docs_screenshot(page, "country-setup-preview.png", full_page=True)
    page.click("form.record button[type=submit]")
    expect(page.locator("p.loaded")).to_contain_text("2")
    assert AdminArea.objects.filter(country__code="RUR", level=1).count() == 2

    page.goto(f"{server}/setup/areas/?level=2")
    page.select_option("select[name=country]", label="Руритания" if language == "ru" else "Ruritania")
    page.set_input_files("input[name=file]", str(shapes))
    page.click("form.record button[type=submit]")
    expect(page.locator("p.layer-facts")).to_contain_text("EPSG:32634")
    expect(page.locator("select[name=code]")).to_have_value("shapeID")
    expect(page.locator("select[name=parent]")).to_have_value("")
    _fits(page, width)
    page.click("form.record button[type=submit]")
    expect(page.locator("p.loaded")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"country-setup-loaded-{language}-{size}.png"), full_page=True)
    castle = AdminArea.objects.get(code=ruritania.ADM2_IDS[2])
    assert castle.parent is not None and castle.parent.code == "RU-ZE"
    assert page.errors == []  # type: ignore[attr-defined]
