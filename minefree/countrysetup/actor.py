"""Who may set a country up: the NMAC administrator (Capability.MANAGE_ACCESS), or the server's
operator at the command line, who already holds the database."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from minefree.core.permissions import Capability, has

COMMAND_LINE_SOURCE = "minefree setup"


class CommandLine:
    """The operator running `minefree setup`: every set-up action, audited with no user and the
    source "minefree setup" (a first installation has no user to name)."""

    is_authenticated = False
    is_active = True
    is_superuser = True
    pk = None
    username = "command line"

    def __str__(self) -> str:
        return self.username


def may_set_up(user: Any) -> bool:
    return has(user, Capability.MANAGE_ACCESS)


def assert_administrator(user: Any) -> None:
    if not may_set_up(user):
        raise PermissionDenied(_("Only the NMAC administrator sets the country up."))
