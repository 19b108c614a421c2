"""The NMAC's administrator, IM and QA roles record quality assurance from now on."""

from typing import Any

from django.db import migrations

ROLES = ("nmac_admin", "nmac_im", "nmac_qa")


def grant(apps: Any, schema_editor: Any) -> None:
    Role = apps.get_model("organisations", "Role")
    for role in Role.objects.filter(code__in=ROLES):
        if "quality_assurance" not in role.capabilities:
            role.capabilities = sorted([*role.capabilities, "quality_assurance"])
            role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_teams_and_assets")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
