"""A sealed value for `core.personal_key` to try the key on (registered in apps.py)."""

from __future__ import annotations

from minefree.casualties.models import Victim


def victim_name() -> str | None:
    # The manager's own queryset: a start-up check reads one ciphertext, for no user.
    name = Victim.objects.exclude(name_sealed="").values_list("name_sealed", flat=True).first()
    return str(name) if name else None
