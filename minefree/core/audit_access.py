"""Which audit entries a reader of the audit log may see: the chokepoint's rules for `AuditEntry`.

An entry shows what an object was, so it is read under that object's own rules: a reader of the log
(`read_audit`) sees the entries about the rows it may view, and a model may narrow that further
with `audit_rules(held)` (a field report's entries written while it was a draft stay in its
organisation). Objects of models without `restrict` (roles, grants) are read by every log reader.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from minefree.core.permissions import Action, Capability, Everyone, Held, Nobody, keys_where, rules_for


@cache
def _restricted_models() -> tuple[type[Model], ...]:
    return tuple(
        m for m in apps.get_models() if hasattr(m._default_manager, "restrict") and m._meta.label != "core.AuditEntry"
    )


def audit_rules(action: str, held: list[Held]) -> Q:
    if action != Action.VIEW or not any(Capability.READ_AUDIT in h.capabilities for h in held):
        return Nobody
    limited: list[int] = []
    allowed: list[Q] = []
    for model in _restricted_models():
        own = getattr(model, "audit_rules", None)
        clause = rules_for(held, Action.VIEW, model)
        if clause == Everyone and own is None:
            continue
        content_type = ContentType.objects.get_for_model(model)
        limited.append(content_type.pk)
        about = Q(content_type=content_type.pk)
        if clause != Everyone:
            about &= Q(object_id__in=keys_where(model, clause))
        allowed.append(about & own(held) if own is not None else about)
    combined = ~Q(content_type__in=limited)
    for clause in allowed:
        combined |= clause
    return combined
