"""Two people updating one referral from the same page: the second change applies on top of the
first (the row is read again under its lock), never over a stale copy that would undo it."""

import datetime as dt

from minefree.casualties import assistance
from minefree.casualties.models import Referral
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation


def test_a_status_set_from_a_stale_page_keeps_the_notes_written_meanwhile(user):
    im = user("tnmac.im")
    victim = assistance.register_victim(
        im,
        organisation=Organisation.objects.get(acronym="TNMAC"),
        admin_area=AdminArea.objects.get(code="TJ-KT-PNJ"),
        sex="male",
        name="Testo Staleov",
        contact="",
        medical="",
    )
    referral = assistance.refer(
        im, victim, need=Referral.Need.values[0], institution="Regional hospital", referred_on=dt.date(2025, 1, 5)
    )
    stale = Referral.objects.get(pk=referral.pk)  # the second person's page
    first_version = stale.version
    assistance.set_referral_status(im, referral, Referral.Status.IN_PROGRESS, "Prosthesis fitted on 2 March")
    assistance.set_referral_status(im, stale, Referral.Status.PROVIDED)
    now = Referral.objects.get(pk=referral.pk)
    assert now.status == Referral.Status.PROVIDED
    assert now.notes == "Prosthesis fitted on 2 March"
    assert now.version == first_version + 2
