"""The NMAC's administrator and IM officer, and operators' managers, issue phones' device access from now on."""

from typing import Any

from django.db import migrations

ROLES = ("nmac_admin", "nmac_im", "operator_manager")


def grant(apps: Any, schema_editor: Any) -> None:
    Role = apps.get_model("organisations", "Role")
    for role in Role.objects.filter(code__in=ROLES):
        if "manage_devices" not in role.capabilities:
            role.capabilities = sorted([*role.capabilities, "manage_devices"])
            role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_field_labels")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
