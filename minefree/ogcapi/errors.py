"""Refused requests as the OGC exception body: a code, and a description naming the parameter."""

from __future__ import annotations

from django.http import JsonResponse


class BadParameter(Exception):
    """A query parameter the service cannot read: 400, naming it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def problem(status: int, code: str, description: str, **extra: str) -> JsonResponse:
    return JsonResponse({"code": code, "description": description, **extra}, status=status)


def bad_parameter(error: BadParameter) -> JsonResponse:
    return problem(400, "InvalidParameterValue", error.message, parameter=error.parameter)
