"""Forms the administrator uses to edit roles and grants."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from minefree.core.limits import MAX_TEXT
from minefree.core.permissions import Capability, DataClass
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation, Role

CAPABILITY_LABELS = {
    Capability.VIEW_RECORD: _("Read the national record"),
    Capability.EDIT_RECORD: _("Edit any record directly"),
    Capability.EDIT_OWN: _("Edit records its organisation owns"),
    Capability.WRITE_REPORTS: _("Write field reports"),
    Capability.READ_REPORTS: _("Read every submitted field report"),
    Capability.REVIEW_REPORTS: _("Review and approve field reports"),
    Capability.READ_AUDIT: _("Read the audit log"),
    Capability.MANAGE_ACCESS: _("Manage roles and grants"),
    Capability.QUALITY_ASSURANCE: _("Record quality assurance"),
    Capability.MANAGE_DEVICES: _("Issue and revoke phones' device access"),
}
DATA_CLASS_LABELS = {
    DataClass.RECORD: _("National record"),
    DataClass.REPORTS: _("Field reports"),
    DataClass.PERSONAL: _("Personal data (victims, witnesses)"),
}


class RoleForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    capabilities = forms.MultipleChoiceField(
        label=_("Capabilities"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(CAPABILITY_LABELS.items()),
    )
    personal_data_allowed = forms.BooleanField(label=_("May be granted personal data"), required=False)


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.filter(is_active=True).order_by("username"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.all())
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.all())
    admin_areas = forms.ModelMultipleChoiceField(
        label=_("Admin areas (none: everywhere)"),
        required=False,
        queryset=AdminArea.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    data_classes = forms.MultipleChoiceField(
        label=_("Data classes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(DATA_CLASS_LABELS.items()),
    )
