"""Template context: where maps open before their data loads (settings TEMPLATES context_processors)."""

from typing import Any

from django.http import HttpRequest

from minefree.gazetteer.home import home_country


def home_extent(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"home_extent": "", "approximate_boundaries": False}
    if request.user.is_authenticated:
        country = home_country()
        if country is not None:
            # The home country, from the data.
            context["home_extent"] = ",".join(f"{v:.4f}" for v in country.boundary.extent)
            context["approximate_boundaries"] = country.approximate
    return context
