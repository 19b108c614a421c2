"""Data classes a new grant of each default role gets unless the administrator says otherwise."""

from minefree.core.permissions import DataClass as D
from minefree.core.permissions import RoleCode as R

DEFAULT_DATA_CLASSES: dict[str, list[str]] = {
    R.NMAC_ADMIN: [D.RECORD, D.REPORTS, D.PERSONAL],
    R.NMAC_IM: [D.RECORD, D.REPORTS, D.PERSONAL],
    R.NMAC_QA: [D.RECORD, D.REPORTS, D.PERSONAL],
    R.OPERATOR_MANAGER: [D.RECORD, D.REPORTS],
    R.OPERATOR_CLERK: [D.RECORD, D.REPORTS],
    R.DONOR: [D.RECORD],
    R.DISASTER_OFFICER: [D.RECORD],
    R.AUTHORITY_VIEWER: [D.RECORD, D.REPORTS],
    R.PUBLIC: [],
}
