from django.apps import AppConfig


class GazetteerConfig(AppConfig):
    name = "minefree.gazetteer"
    label = "gazetteer"

    def ready(self) -> None:
        from minefree.core.dates import today_from
        from minefree.gazetteer.home import local_today

        today_from(local_today)  # dates are checked against the home country's today
