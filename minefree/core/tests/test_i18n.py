"""English, Russian and Tajik catalogues cover the whole UI, and pages switch language."""

import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["ru", "tg"])
def test_catalogue_is_complete(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert stats.returncode == 0, stats.stderr
    assert "untranslated" not in stats.stderr and "fuzzy" not in stats.stderr, stats.stderr


def test_pages_render_in_russian_and_tajik(persona):
    client = persona("tnmac.im")
    client.post("/i18n/setlang/", {"language": "ru", "next": "/hazards/list/"})
    russian = client.get("/hazards/list/").content.decode()
    client.post("/i18n/setlang/", {"language": "tg", "next": "/hazards/list/"})
    tajik = client.get("/hazards/list/").content.decode()
    english_heading = "<h1>Hazardous areas</h1>"
    assert english_heading not in russian and english_heading not in tajik
    assert russian != tajik
    assert any(letter in tajik for letter in "ғӣқӯҳҷ")  # Tajik Cyrillic, not Russian
