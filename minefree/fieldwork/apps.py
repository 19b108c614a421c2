from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "minefree.fieldwork"
    label = "fieldwork"

    def ready(self) -> None:
        from minefree.core.personal_key import sealed_probe
        from minefree.core.registry import WEB_FORM_KINDS
        from minefree.fieldwork.forms import FORMS
        from minefree.fieldwork.sealed import victim_report_value

        WEB_FORM_KINDS.update(FORMS)  # list pages offer "report" for the kinds with a web form
        sealed_probe(victim_report_value)
