"""`user|imports_legacy`: whether the top bar offers the legacy import (the NMAC's information managers)."""

from typing import Any

from django import template

from minefree.legacy.run import may_import
from minefree.legacy.targets import TARGETS

register = template.Library()


@register.filter
def imports_legacy(user: Any) -> bool:
    return any(may_import(user, target) for target in TARGETS.values())
