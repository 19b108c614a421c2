"""The querysets a treaty report reads: restricted to the reader, or the whole record for the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from minefree.casualties.models import Casualty
from minefree.core.permissions import Action
from minefree.education.models import EoreSession
from minefree.funding.models import Funding
from minefree.hazards.models import HazardAreaState, LandReleaseActivity, OrdnanceFind
from minefree.quality.models import Marking, MarkingCheck
from minefree.reporting.models import TreatyReport


@dataclass
class Sources:
    states: QuerySet[HazardAreaState]
    activities: QuerySet[LandReleaseActivity]
    finds: QuerySet[OrdnanceFind]
    markings: QuerySet[Marking]
    checks: QuerySet[MarkingCheck]
    sessions: QuerySet[EoreSession]
    casualties: QuerySet[Casualty]
    funding: QuerySet[Funding]
    reports: QuerySet[TreatyReport]

    @classmethod
    def for_user(cls, user: Any) -> Sources:
        """What `user` may see: every read goes through `restrict`."""
        return cls(
            states=HazardAreaState.objects.restrict(user, Action.VIEW),
            activities=LandReleaseActivity.objects.restrict(user, Action.VIEW),
            finds=OrdnanceFind.objects.restrict(user, Action.VIEW),
            markings=Marking.objects.restrict(user, Action.VIEW),
            checks=MarkingCheck.objects.restrict(user, Action.VIEW),
            sessions=EoreSession.objects.restrict(user, Action.VIEW),
            casualties=Casualty.objects.restrict(user, Action.VIEW),
            funding=Funding.objects.restrict(user, Action.VIEW),
            reports=TreatyReport.objects.restrict(user, Action.VIEW),
        )

    @classmethod
    def national(cls) -> Sources:
        """The whole national record: `minefree report` runs as the server's operator."""
        return cls(
            states=HazardAreaState.objects.all(),
            activities=LandReleaseActivity.objects.all(),
            finds=OrdnanceFind.objects.all(),
            markings=Marking.objects.all(),
            checks=MarkingCheck.objects.all(),
            sessions=EoreSession.objects.all(),
            casualties=Casualty.objects.all(),
            funding=Funding.objects.all(),
            reports=TreatyReport.objects.all(),
        )
