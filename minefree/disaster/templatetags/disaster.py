"""`{% load disaster %}{% if user|uses_disaster_overlay %}`: whether the nav shows the overlay."""

from __future__ import annotations

from typing import Any

from django import template

from minefree.core.permissions import Action, can
from minefree.disaster.models import AffectedArea

register = template.Library()


@register.filter
def uses_disaster_overlay(user: Any) -> bool:
    return can(user, Action.VIEW, AffectedArea)
