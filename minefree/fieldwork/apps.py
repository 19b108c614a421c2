from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "minefree.fieldwork"
    label = "fieldwork"

    def ready(self) -> None:
        from minefree.core.personal_key import sealed_probe
        from minefree.fieldwork import schema  # noqa: F401 - types each report kind's payload in the API schema
        from minefree.fieldwork.sealed import victim_report_value

        sealed_probe(victim_report_value)
