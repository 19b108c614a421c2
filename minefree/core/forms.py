"""Show a named action's errors on the form that fed it."""

from __future__ import annotations

from django import forms

from minefree.core.errors import ActionError


def add_action_errors(form: forms.Form, error: ActionError) -> None:
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
