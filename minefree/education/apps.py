from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "minefree.education"
    label = "education"

    def ready(self) -> None:
        from minefree.education import figures, records  # noqa: F401 - registers the record types and report
