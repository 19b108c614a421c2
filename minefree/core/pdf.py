"""The one font set-up for every PDF MineFree prints (treaty reports, the disaster overlay).

DejaVu Sans (Debian package fonts-dejavu-core) is embedded so Cyrillic and Tajik place names and
the Russian and Tajik translations print; without it the PDF would show empty boxes, so it fails.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from minefree.core.errors import ActionError

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def register_fonts() -> None:
    """Register DejaVu Sans and its bold once per process, from the first folder that has both."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
            return
    raise ActionError(
        "The PDF needs the DejaVu Sans font for Cyrillic text: install the Debian package fonts-dejavu-core.",
        field="format",
    )
