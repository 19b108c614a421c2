"""What each audited action is called on history pages: the code stays in the audit row, people read this."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "accredit": _("Accredited"),
    "acknowledge_geopackage_conflict": _("Acknowledged a GeoPackage conflict"),
    "activate_form": _("Activated the form"),
    "approve_report": _("Approved the report"),
    "change_grant": _("Changed access"),
    "check_marking": _("Checked the marking"),
    "close_non_conformity": _("Closed the non-conformity"),
    "comment_on_report": _("Commented on the report"),
    "complete_corrective_action": _("Completed the corrective action"),
    "complete_hazard_area": _("Completed and handed over"),
    "create_hazard_area": _("Recorded the hazardous area"),
    "edit_report": _("Edited the report"),
    "export_geopackage": _("Exported a GeoPackage"),
    "grant_access": _("Granted access"),
    "import_geopackage": _("Imported a GeoPackage"),
    "import_legacy": _("Imported from a legacy file"),
    "inspect": _("Inspected"),
    "plan_corrective_action": _("Planned a corrective action"),
    "publish_form": _("Published the form"),
    "raise_non_conformity": _("Raised a non-conformity"),
    "read_personal_data": _("Read the personal data"),
    "record_accident": _("Recorded the accident"),
    "record_affected_area": _("Recorded the affected area"),
    "record_asset": _("Recorded the asset"),
    "record_funding": _("Recorded the funding"),
    "record_marking": _("Recorded the marking"),
    "record_ordnance": _("Recorded explosive ordnance"),
    "record_session": _("Recorded the session"),
    "record_treaty_submission": _("Recorded the treaty submission"),
    "record_visit": _("Recorded the monitoring visit"),
    "refer_victim": _("Referred the victim"),
    "register_victim": _("Registered the victim"),
    "reject_report": _("Rejected the report"),
    "release_land": _("Released land"),
    "release_lockout": _("Released the lockout"),
    "replace_report_content": _("Replaced the report's content"),
    "retire_form": _("Retired the form"),
    "return_report": _("Returned the report"),
    "revoke_access": _("Revoked access"),
    "save_altitude_band": _("Saved the altitude band"),
    "save_parameters": _("Saved the planning parameters"),
    "save_productivity": _("Saved the productivity"),
    "save_publication": _("Saved the publication"),
    "save_report": _("Saved the report"),
    "save_role": _("Saved the role"),
    "save_scenario": _("Saved the scenario"),
    "save_treaty_report": _("Saved the treaty report"),
    "set_area_basis": _("Chose which area the figures use"),
    "set_asset_status": _("Set the asset's status"),
    "set_district_band": _("Set the district's altitude band"),
    "set_referral_status": _("Set the referral's status"),
    "set_team_composition": _("Set the team's composition"),
    "start_job": _("Started a job"),
    "submit_report": _("Submitted the report"),
    "update_hazard_area": _("Edited the hazardous area"),
}


def action_label(code: str) -> str:
    """The action in words; an action not named here yet still reads as words, not as a code."""
    return str(ACTIONS[code]) if code in ACTIONS else capfirst(code.replace("_", " "))
