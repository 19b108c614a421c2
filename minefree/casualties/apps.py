from django.apps import AppConfig


class CasualtiesConfig(AppConfig):
    name = "minefree.casualties"
    label = "casualties"

    def ready(self) -> None:
        from minefree.casualties import records, reports  # noqa: F401 - registers record types and report kinds
        from minefree.casualties.sealed import victim_name
        from minefree.core.personal_key import sealed_probe

        sealed_probe(victim_name)
