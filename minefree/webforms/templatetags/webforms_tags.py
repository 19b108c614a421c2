"""`user|fills_forms`: whether the menu offers the browser form (a user who sends reports)."""

from typing import Any

from django import template

from minefree.fieldcollection import media as lists

register = template.Library()


@register.filter
def fills_forms(user: Any) -> bool:
    return bool(user.is_authenticated) and lists.writer_organisation(user) is not None
