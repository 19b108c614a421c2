"""Show a named action's errors on the form that fed it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from minefree.core.errors import ActionError


def add_action_errors(form: forms.BaseForm, error: ActionError) -> None:
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class DateInput(forms.DateInput):
    """A date picker: `<input type="date">` reads only ISO, never the page language's 07.12.2026."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


def form_status(request: HttpRequest, form: forms.Form) -> int:
    """A form sent back with errors answers 400, so a script (or a test) sees the refusal, not a 200."""
    return 400 if request.method == "POST" and form.errors else 200
