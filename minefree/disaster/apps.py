from django.apps import AppConfig


class DisasterConfig(AppConfig):
    name = "minefree.disaster"
    label = "disaster"

    def ready(self) -> None:
        from minefree.disaster import jobs  # noqa: F401 - registers the "disaster-overlay" job kind
