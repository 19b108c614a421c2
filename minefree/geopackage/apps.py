from django.apps import AppConfig


class GeoPackageConfig(AppConfig):
    name = "minefree.geopackage"
    label = "geopackage"

    def ready(self) -> None:
        from minefree.fieldwork.actions import APPROVAL_CHECKS
        from minefree.geopackage.geopackage_conflicts import refuse_unacknowledged_conflict

        if refuse_unacknowledged_conflict not in APPROVAL_CHECKS:
            APPROVAL_CHECKS.append(refuse_unacknowledged_conflict)
        from minefree.geopackage import geopackage_jobs  # noqa: F401 - registers the background export
