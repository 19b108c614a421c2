"""The settings ODK Collect and KoboCollect read from a QR code: zlib-compressed JSON in base64.

The phone's server URL carries the device access secret (`/key/<secret>`), so the phone needs no
user name or password and works over plain HTTP on a field office network as over HTTPS. Collect
takes the whole URL as its server and adds `/formList` and `/submission` itself.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

import segno
from django.urls import reverse

from minefree.fieldcollection.models import DeviceToken


def server_url(base: str, secret: str) -> str:
    """`base` is the address phones reach the server at (scheme, host, port), without a path."""
    form_list = reverse("openrosa-key:form-list", kwargs={"token": secret})
    return base.rstrip("/") + form_list.removesuffix("/formList")


def settings_for(device: DeviceToken, url: str) -> dict[str, Any]:
    return {
        "general": {
            "server_url": url,
            # The phone keeps exactly the forms its access lists, and sends finished forms by itself.
            "form_update_mode": "match_exactly",
            "autosend": "wifi_and_cellular",
        },
        "admin": {},
        "project": {"name": f"MineFree {device.organisation.acronym}: {device.label}"},
    }


def encode(settings: dict[str, Any]) -> str:
    """The text the QR code holds, as Collect reads it."""
    return base64.b64encode(zlib.compress(json.dumps(settings).encode("utf-8"))).decode("ascii")


def decode(text: str) -> dict[str, Any]:
    settings: dict[str, Any] = json.loads(zlib.decompress(base64.b64decode(text)).decode("utf-8"))
    return settings


def qr_data_uri(text: str) -> str:
    """The QR code as an SVG `data:` URI for an <img>: made here, no script or outside service."""
    return str(segno.make_qr(text, error="m").svg_data_uri(scale=5, border=4))
