from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "minefree.reporting"
    label = "reporting"

    def ready(self) -> None:
        from minefree.reporting.treaty import jobs  # noqa: F401 - registers the "article7" job kind
