from django.apps import AppConfig


class CasualtiesConfig(AppConfig):
    name = "minefree.casualties"
    label = "casualties"

    def ready(self) -> None:
        from minefree.casualties import figures, records, reports  # noqa: F401 - registers record types, report kinds, figures
        from minefree.casualties.sealed import victim_name
        from minefree.core.personal_key import sealed_probe

        sealed_probe(victim_name)
