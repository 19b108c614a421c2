"""`user|takes_geopackage`: whether the top bar offers the GeoPackage round trip (report writers only)."""

from typing import Any

from django import template

from minefree.core.permissions import Capability, DataClass, has, organisations_with

register = template.Library()


@register.filter
def takes_geopackage(user: Any) -> bool:
    # The same rule as geopackage_export.exporting_organisations, from the grants cached on the user.
    writes = bool(organisations_with(user, Capability.WRITE_REPORTS, DataClass.REPORTS))
    return writes and has(user, Capability.VIEW_RECORD, DataClass.RECORD)
