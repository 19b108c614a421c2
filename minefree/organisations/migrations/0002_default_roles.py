"""Every installation starts with the default roles; the NMAC administrator edits them later."""

from typing import Any

from django.db import migrations

# Frozen here (not imported) so later edits to the defaults never rewrite history.
ROLES = {
    "nmac_admin": ("NMAC administrator", ["view_record", "edit_record", "write_reports", "read_reports",
                                          "review_reports", "read_audit", "manage_access"], True),
    "nmac_im": ("NMAC information management officer", ["view_record", "edit_record", "write_reports",
                                                        "read_reports", "review_reports", "read_audit"], True),
    "nmac_qa": ("NMAC quality assurance officer", ["view_record", "write_reports", "read_reports", "read_audit"], True),
    # Operators change the national record only through field reports (no edit capability).
    "operator_manager": ("Operator manager", ["view_record", "write_reports"], True),
    "operator_clerk": ("Operator data clerk", ["view_record", "write_reports"], True),
    "donor": ("Donor", ["view_record"], False),
    "disaster_officer": ("Disaster agency officer", ["view_record"], False),
    "authority_viewer": ("National authority viewer", ["view_record", "read_reports"], False),
    "public": ("The public (no login)", [], False),
}


def create_roles(apps: Any, schema_editor: Any) -> None:
    Role = apps.get_model("organisations", "Role")
    for code, (name, capabilities, personal) in ROLES.items():
        Role.objects.get_or_create(
            code=code, defaults={"name": name, "capabilities": capabilities, "personal_data_allowed": personal}
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
