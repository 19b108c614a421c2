from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "minefree.education"
    label = "education"

    def ready(self) -> None:
        from minefree.education import records, reports  # noqa: F401 - registers record types and report kinds
