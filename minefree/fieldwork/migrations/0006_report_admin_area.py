import django.db.models.deletion
from django.contrib.gis.geos import Point
from django.db import migrations, models


def _point(value):
    try:
        x, y = value["coordinates"][:2]
        return Point(float(x), float(y), srid=4326)
    except (TypeError, KeyError, ValueError, IndexError):
        return None


def locate(apps, schema_editor):
    """Existing reports: their hazard's district, else the one their content names, else the one
    their polygon or point lies in (as FieldReport.save does from now on)."""
    FieldReport = apps.get_model("fieldwork", "FieldReport")
    AdminArea = apps.get_model("gazetteer", "AdminArea")
    codes = dict(AdminArea.objects.values_list("code", "pk"))
    for report in FieldReport.objects.select_related("hazard").iterator():
        content = report.payload if isinstance(report.payload, dict) else {}
        code = content.get("admin_area")
        point = report.geometry.point_on_surface if report.geometry is not None else _point(content.get("location"))
        area = None
        if report.hazard_id is not None:
            area = report.hazard.admin_area_id
        elif isinstance(code, str) and code:
            area = codes.get(code)
        elif point is not None:
            found = AdminArea.objects.filter(level=2, boundary__contains=point).order_by("pk").first()
            area = found.pk if found else None
        if area is not None:
            FieldReport.objects.filter(pk=report.pk).update(admin_area_id=area)


class Migration(migrations.Migration):
    dependencies = [
        ("fieldwork", "0005_more_report_kinds"),
        ("gazetteer", "0001_initial"),
        ("hazards", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="fieldreport",
            name="admin_area",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="gazetteer.adminarea",
            ),
        ),
        migrations.RunPython(locate, migrations.RunPython.noop),
    ]
