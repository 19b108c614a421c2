"""Every installation starts with one set of planning parameters; the NMAC edits them later."""

from typing import Any

from django.db import migrations

# Frozen here (not imported) so later edits to the defaults never rewrite history.
# code: (name, season start month, day, season days, m² per unit-day: survey, manual, mechanical, dogs)
BANDS = {
    "low": ("below 1,500 m", 3, 1, 200, (400, 65, 1000, 300)),
    "mid": ("1,500 to 2,500 m", 4, 15, 140, (320, 52, 800, 240)),
    "high": ("above 2,500 m", 6, 15, 60, (240, 39, 600, 180)),
}
METHODS = ("survey", "manual", "mechanical", "dogs")


def create_defaults(apps: Any, schema_editor: Any) -> None:
    ParameterSet = apps.get_model("planning", "ParameterSet")
    AltitudeBand = apps.get_model("planning", "AltitudeBand")
    Productivity = apps.get_model("planning", "Productivity")
    if ParameterSet.objects.exists():
        return
    params = ParameterSet.objects.create(name="National completion plan")
    for code, (name, month, day, days, figures) in BANDS.items():
        band = AltitudeBand.objects.create(
            parameter_set=params, code=code, name=name, season_month=month, season_day=day, season_days=days
        )
        for method, value in zip(METHODS, figures, strict=True):
            Productivity.objects.create(band=band, method=method, m2_per_unit_day=value)


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_parameters")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
