"""Which files a submission may bring, told by their first bytes, never by what the client declares.

A photo sent as text/html and served back inline would run as a page of MineFree; so only files
the submission XML names are kept, only of the types below (recognised by their magic bytes), and
they are always served as downloads with the type found here (`fieldcollection/views.py` `attachment`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from minefree.core.errors import ActionError

# (type, test on the first bytes). ODK Collect sends JPEG/PNG photos, drawings and signatures, m4a,
# amr or 3gp audio, mp4 or 3gp video; the others are what KoboCollect and Enketo may send.
HEAD_BYTES = 16
File = TypeVar("File")  # an uploaded or stored file: anything with read() and seek()
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")


def _iso_media(head: bytes) -> str | None:
    """MP4-family container: its brand says audio (M4A), 3GPP or video."""
    if head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    if brand.startswith(b"M4A"):
        return "audio/mp4"
    return "video/3gpp" if brand.startswith(b"3g") else "video/mp4"


def sniff(head: bytes) -> str | None:
    """The allowed type these first bytes start, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return _iso_media(head)


def type_of(handle: Any) -> str | None:
    """Sniff an open file and put it back at its start."""
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    return sniff(head)


def kept(files: Iterable[tuple[str, File]], named: Iterable[str]) -> list[tuple[str, File, str]]:
    """(name, file, sniffed type) for the files the XML names; ActionError naming any of another type.

    A file the XML does not name is left out, as ODK Central does: it belongs to no answer.
    """
    wanted = set(named)
    out = []
    for name, handle in files:
        if name not in wanted:
            continue
        found = type_of(handle)
        if found is None:
            raise ActionError(
                _(
                    "this file is not a photo (JPEG, PNG, WebP), a recording (M4A, AMR, OGG, MP3, WAV), "
                    "a video (MP4, 3GP) or a PDF; MineFree keeps only those."
                ),
                field=name,
            )
        out.append((name, handle, found))
    return out
