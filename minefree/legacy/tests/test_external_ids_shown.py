"""A record brought from IMSMA shows the ids it had there, so staff can find it in the old files."""

from __future__ import annotations

from typing import Any

from minefree.education.models import EoreSession
from minefree.legacy.external_ids import known, remember
from minefree.legacy.targets import Row


def test_a_record_page_shows_its_imsma_ids_and_a_second_import_finds_it(persona: Any) -> None:
    session, other = EoreSession.objects.order_by("pk")[:2]
    row = Row(number=7, values={}, guid="{4F2A9C1E-0B7D-4E4B-9D55-0C1A2B3C4D5E}", local_id="EORE-0042")
    remember(EoreSession, [(row, session.pk)])
    page = persona("tnmac.im").get(f"/records/eore-sessions/{session.pk}/").content.decode()
    assert "IMSMA GUID" in page and "{4F2A9C1E-0B7D-4E4B-9D55-0C1A2B3C4D5E}" in page and "EORE-0042" in page
    assert "IMSMA GUID" not in persona("tnmac.im").get(f"/records/eore-sessions/{other.pk}/").content.decode()
    # The next import of the same row, by GUID or by local id alone, finds the same record.
    again = [Row(number=1, values={}, guid=row.guid), Row(number=2, values={}, local_id="EORE-0042"), Row(3, {})]
    assert known(EoreSession, again) == {1: session.pk, 2: session.pk}
