"""Template context: where maps open before their data loads (settings TEMPLATES context_processors)."""

from typing import Any

from django.contrib.gis.db.models import Extent
from django.http import HttpRequest

from minefree.gazetteer.home import home_country
from minefree.gazetteer.models import Country


def home_extent(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"home_extent": "", "approximate_boundaries": False}
    if request.user.is_authenticated:
        country = home_country()
        if country is not None:
            # The home country, from the data.
            # The extent is computed by the database, not from the whole boundary read into Python.
            extent = Country.objects.filter(pk=country.pk).aggregate(extent=Extent("boundary"))["extent"]
            context["home_extent"] = ",".join(f"{v:.4f}" for v in extent)
            context["approximate_boundaries"] = country.approximate
    return context
