"""A treaty report as PDF (reportlab platypus): the cover page, then one section per form.

DejaVu Sans (Debian package fonts-dejavu-core) is embedded so Cyrillic and Tajik place names and
the Russian and Tajik translations print; without it the PDF would show empty boxes, so it fails.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from minefree.core.pdf import BOLD, FONT, register_fonts
from minefree.reporting.treaty.content import NUMERIC, Column, Form, Report, Table

PAGE = landscape(A4)
MARGIN = 12 * mm
SHORT_TABLE = 20  # rows


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20, spaceAfter=8),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=13, leading=16, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=3),
        "body": base,
        "muted": ParagraphStyle("muted", parent=base, textColor=colors.grey, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7, leading=8.5),
        "num": ParagraphStyle("num", parent=base, fontSize=7, leading=8.5, alignment=2),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=7, leading=8.5),
    }


def _text(value: Any) -> str:
    return escape("" if value is None else str(value))


def _shown(column: Column, value: Any) -> str:
    return escape(_plain(column, value))


def _widths(table: Table, width: float) -> list[float]:
    """Each column as wide as its longest value (capped); when the table is wider than the page,
    text columns give way, down to their longest word."""
    pad = 6  # cell padding, 2 points each side, and a little air
    wanted, least, flexible = [], [], []
    for i, column in enumerate(table.columns):
        values = [_plain(column, r[i]) for r in [*table.rows, table.total or []] if i < len(r)]
        words = [w for v in [*values, column.label] for w in v.split()] or ["-"]
        longest = max([pdfmetrics.stringWidth(v[:45], FONT, 7) for v in values] + [18])
        word = max(pdfmetrics.stringWidth(w[:20], BOLD, 7) for w in words)
        wanted.append(max(longest, word) + pad)
        least.append(word + pad)
        flexible.append(column.kind not in NUMERIC and column.kind != "date")
    if sum(wanted) <= width:
        return wanted
    fixed = sum(w for w, f in zip(wanted, flexible, strict=True) if not f)
    floor = sum(m for m, f in zip(least, flexible, strict=True) if f)
    slack = sum(w - m for w, m, f in zip(wanted, least, flexible, strict=True) if f)
    share = max(width - fixed - floor, 0) / slack if slack else 0
    return [m + (w - m) * share if f else w for w, m, f in zip(wanted, least, flexible, strict=True)]


def _plain(column: Column, value: Any) -> str:
    return column.text(value)


def _grid(table: Table, width: float, st: dict[str, ParagraphStyle]) -> PdfTable:
    widths = _widths(table, width)
    head = [Paragraph(_text(c.label), st["head"]) for c in table.columns]
    body = [
        [
            Paragraph(_shown(c, v), st["num"] if c.kind in NUMERIC else st["cell"])
            for c, v in zip(table.columns, r, strict=True)
        ]
        for r in table.rows
    ]
    if table.total is not None:
        body.append(
            [
                Paragraph(f"<b>{_shown(c, v)}</b>", st["num"] if c.kind in NUMERIC else st["cell"])
                for c, v in zip(table.columns, table.total, strict=True)
            ]
        )
    grid = PdfTable([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return grid


def _cover(report: Report, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    start, end = report.period
    submitted = report.submitted_on.strftime("%d/%m/%Y") if report.submitted_on else _("not yet submitted")
    lines = [
        (_("State Party"), report.state),
        (_("Reporting period"), f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"),
        (_("Date of submission"), submitted),
        (_("National point of contact"), report.contact or "—"),
    ]
    story: list[Any] = [Paragraph(_text(report.title), st["title"])]
    story += [Paragraph(f"<b>{_text(k)}:</b> {_text(v)}".replace("\n", "<br/>"), st["body"]) for k, v in lines]
    story.append(Spacer(1, 6 * mm))
    rows = [[Paragraph(_text(h), st["head"]) for h in (_("Form"), _("Title"), _("Changed or unchanged"))]]
    for form in report.forms:
        mark = report.marks.get(form.letter)
        rows.append(
            [
                Paragraph(_text(_("Form %(letter)s") % {"letter": form.letter}), st["body"]),
                Paragraph(_text(form.title), st["body"]),
                Paragraph(
                    ("☒ " if mark and mark.code == "changed" else "☐ ") + _text(mark.label if mark else ""), st["body"]
                ),
            ]
        )
    cover = PdfTable(rows, colWidths=[width * 0.12, width * 0.6, width * 0.28], repeatRows=1, hAlign="LEFT")
    cover.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [cover, Spacer(1, 4 * mm)]
    story.append(
        Paragraph(
            _text(
                _("Generated from the database on %(when)s UTC; changed or unchanged compared with %(base)s.")
                % {"when": f"{report.generated_at:%Y-%m-%d %H:%M}", "base": report.baseline}
            ),
            st["muted"],
        )
    )
    return story


def _form(form: Form, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    heading = f"{_('Form %(letter)s') % {'letter': form.letter}}: {form.title}"
    story: list[Any] = [
        Paragraph(_text(heading), st["h1"]),
        Paragraph(_text(_("Article 7 paragraph: %(p)s") % {"p": form.article}), st["muted"]),
    ]
    for part in form.narrative.strip().split("\n\n"):
        if part.strip():
            story.append(Paragraph(_text(part).replace("\n", "<br/>"), st["body"]))
    if form.is_empty():
        story.append(Paragraph(_text(_("Nothing reported on this form for the year.")), st["body"]))
    for table in form.tables:
        title = Paragraph(_text(table.title), st["h2"])
        if not table.rows:
            story.append(KeepTogether([title, Paragraph(_text(_("Nothing to report for the year.")), st["muted"])]))
            continue
        parts = [title, _grid(table, width, st)]
        if table.note:
            parts.append(Paragraph(_text(table.note), st["muted"]))
        # A short table stays on one page with its title; a long one splits, its header repeated.
        story += [KeepTogether(parts)] if len(table.rows) <= SHORT_TABLE else parts
    return story


def render(report: Report) -> bytes:
    register_fonts()
    st = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{report.title} {report.year}",
        author=report.state,
    )
    width = PAGE[0] - 2 * MARGIN - 12  # the frame keeps 6 points of padding each side
    story = [*_cover(report, st, width), PageBreak()]
    for index, form in enumerate(report.forms):
        # A form starts a new page only when less than a third of one is left.
        story += [*([CondPageBreak(PAGE[1] / 3), Spacer(1, 6 * mm)] if index else []), *_form(form, st, width)]

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawString(MARGIN, 6 * mm, f"{report.state} · {report.title} · {report.year}")
        canvas.drawRightString(PAGE[0] - MARGIN, 6 * mm, str(document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
