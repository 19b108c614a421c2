"""The deployment's home country, read from the data (the NMAC's country), never hard-coded."""

from __future__ import annotations

from minefree.organisations.models import Organisation


def home_country_code() -> str | None:
    nmac = (
        Organisation.objects.filter(kind=Organisation.Kind.NMAC, country__isnull=False)
        .select_related("country")
        .first()
    )
    return nmac.country.code if nmac and nmac.country else None
