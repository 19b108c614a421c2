"""Named action: the NMAC sets what the public dashboard publishes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.core.permissions import Capability, grants
from minefree.dashboards.models import Publication


def may_publish(user: Any) -> bool:
    """National editors only: `edit_record` through a grant not limited to some admin areas."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(h.can(Capability.EDIT_RECORD) and not h.areas for h in grants(user))


@transaction.atomic
def save_publication(
    user: Any, *, deadline: dt.date | None, baseline: dt.date | None, publish_outlines: bool
) -> Publication:
    if not may_publish(user):
        raise PermissionDenied(_("Only national editors may change what the public dashboard publishes."))
    if deadline and baseline and baseline >= deadline:
        raise ActionError(_("The baseline date must come before the deadline."), field="baseline")
    if bool(deadline) != bool(baseline):
        field = "baseline" if deadline else "deadline"
        raise ActionError(_("Give both the deadline and the baseline date, or neither."), field=field)
    publication = Publication.objects.select_for_update().filter(pk=1).first()
    before = audit.snapshot(publication) if publication else None
    publication = publication or Publication(pk=1)
    publication.deadline, publication.baseline = deadline, baseline
    publication.publish_outlines = publish_outlines
    # The command line (`minefree setup treaty`) acts as no user.
    publication.updated_by = user if getattr(user, "is_authenticated", False) else None
    publication.save()
    audit.record(user, "save_publication", publication, before, audit.snapshot(publication))
    return publication
