"""The deployment's home country, read from the data (the NMAC's country), never hard-coded."""

from __future__ import annotations

from minefree.gazetteer.models import Country


def home_country() -> Country | None:
    from minefree.organisations.models import Organisation

    nmac = (
        Organisation.objects.filter(kind=Organisation.Kind.NMAC, country__isnull=False)
        .select_related("country")
        .first()
    )
    return nmac.country if nmac else Country.objects.order_by("pk").first()


def home_country_code() -> str | None:
    country = home_country()
    return country.code if country else None
