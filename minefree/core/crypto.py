"""Personal data sealed at rest: Fernet (AES-128-CBC + HMAC) with a key kept outside the database.

Sealed values come out of the database as ciphertext; only `unseal` turns them into text, and
the callers that may do so (an audited view) are the only ones that call it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    key = settings.MINEFREE_PERSONAL_DATA_KEY.encode()
    if not key:
        path = settings.DATA_DIR / "personal_data_key"
        if not path.exists():
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_bytes(Fernet.generate_key())
        key = path.read_bytes().strip()
    return Fernet(key)


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii") if text else ""


def unseal(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("personal data cannot be decrypted with this installation's key") from exc


def seal_value(value: Any) -> dict[str, Any]:
    """Any JSON value as stored sealed: text as it is, other shapes (a list, an object, a number) as JSON."""
    if isinstance(value, str):
        return {"sealed": seal(value)}
    return {"sealed": seal(json.dumps(value, ensure_ascii=False)), "shape": "json"}


def looks_sealed(value: Any) -> bool:
    """Whether `value` has the stored form of a sealed value (only the server writes that form)."""
    return isinstance(value, dict) and "sealed" in value


def masked(value: Any, placeholder: str) -> Any:
    """`value` with every sealed part, at any depth, replaced by `placeholder` (for pages that list content)."""
    if looks_sealed(value):
        return placeholder
    if isinstance(value, list):
        return [masked(item, placeholder) for item in value]
    if isinstance(value, dict):
        return {name: masked(item, placeholder) for name, item in value.items()}
    return value


def unseal_value(value: Any) -> Any:
    """The clear value of what `seal_value` stored; a value that was never sealed is returned as it is."""
    if not looks_sealed(value):
        return value
    text = unseal(str(value["sealed"]))
    return json.loads(text) if value.get("shape") == "json" and text else text
