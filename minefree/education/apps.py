from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "minefree.education"
    label = "education"

    def ready(self) -> None:
        from minefree.education import figures, records, reports  # noqa: F401 - registers record types, report kinds, figures
