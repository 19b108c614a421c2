"""Is the personal-data key there, and does it open the sealed data? Asked before it is too late.

`core/crypto.py` makes a key on first use; a server restored without its old key would make a new
one and answer 500 on every personal page. `minefree serve`, `backup` and `restore` ask here first,
reading the key the way crypto does but never making one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.translation import gettext as _

KEY_FILE = "personal_data_key"


def key_file(data_dir: Path | None = None) -> Path:
    return Path(data_dir or settings.DATA_DIR) / KEY_FILE


def configured_key() -> bytes | None:
    """MINEFREE_PERSONAL_DATA_KEY, else the key file beside the data; None if neither (none is made)."""
    if settings.MINEFREE_PERSONAL_DATA_KEY:
        return str(settings.MINEFREE_PERSONAL_DATA_KEY).encode()
    path = key_file()
    return path.read_bytes().strip() if path.is_file() else None


# Apps that keep sealed values register a probe (in their AppConfig.ready()) that returns one
# sealed value, or None; core asks them in registration order and never imports them.
SEALED_PROBES: list[Callable[[], str | None]] = []


def sealed_probe(probe: Callable[[], str | None]) -> Callable[[], str | None]:
    """Register `probe` for `sealed_sample` (usable as a decorator)."""
    if probe not in SEALED_PROBES:
        SEALED_PROBES.append(probe)
    return probe


def sealed_sample() -> str | None:
    """One sealed value from the database (the first the registered probes find), or None."""
    for probe in SEALED_PROBES:
        value = probe()
        if value:
            return value
    return None


def opens(key: bytes | None, token: str | None) -> bool:
    """True when `key` decrypts `token` (or there is nothing sealed to open)."""
    if not token:
        return True
    if not key:
        return False
    try:
        Fernet(key).decrypt(token.encode("ascii"))
    except (InvalidToken, ValueError):
        return False
    return True


def missing_key_message(where: str) -> str:
    return _(
        "%(where)s holds sealed personal data but no personal-data key: set MINEFREE_PERSONAL_DATA_KEY "
        "to the key that sealed it, or put that key in %(file)s."
    ) % {"where": where, "file": key_file()}


def wrong_key_message(where: str) -> str:
    source = "MINEFREE_PERSONAL_DATA_KEY" if settings.MINEFREE_PERSONAL_DATA_KEY else str(key_file())
    return _(
        "The personal-data key in %(source)s does not open the sealed personal data %(where)s holds; "
        "set MINEFREE_PERSONAL_DATA_KEY to the key that sealed it."
    ) % {"source": source, "where": where}


def key_problem(where: str) -> str | None:
    """Why this installation cannot read its own sealed data, or None when it can."""
    sample = sealed_sample()
    if sample is None:
        return None
    key = configured_key()
    if key is None:
        return missing_key_message(where)
    return None if opens(key, sample) else wrong_key_message(where)
