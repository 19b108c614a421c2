"""Finding and keeping the external ids of imported records (see `ExternalId`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Q

from minefree.core.bulk_rows import create_all
from minefree.legacy.models import ExternalId
from minefree.legacy.targets import Row

SYSTEM = "imsma"


def known(model: type[models.Model], rows: Sequence[Row], system: str = SYSTEM) -> dict[int, int]:
    """Row number -> primary key of the record an earlier import made from the same source row,
    matched by GUID first, then by local id. One query per batch."""
    guids = {r.guid for r in rows if r.guid}
    local_ids = {r.local_id for r in rows if r.local_id}
    if not guids and not local_ids:
        return {}
    content_type = ContentType.objects.get_for_model(model)
    found: Iterable[tuple[str, str, int]]
    if connection.vendor == "postgresql":
        # Two array parameters: a batch's thousands of keys as placeholders cost more to bind than the query.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT guid, local_id, object_id FROM {ExternalId._meta.db_table}
                    WHERE content_type_id = %s AND system = %s
                      AND ((guid <> '' AND guid = ANY(%s)) OR (local_id <> '' AND local_id = ANY(%s)))""",
                [content_type.pk, system, list(guids), list(local_ids)],
            )
            found = cursor.fetchall()
    else:
        found = ExternalId.objects.filter(
            Q(guid__in=guids) | Q(local_id__in=local_ids), content_type=content_type, system=system
        ).values_list("guid", "local_id", "object_id")
    by_guid = {g: pk for g, _, pk in found if g}
    by_local = {lid: pk for _, lid, pk in found if lid}
    matches: dict[int, int] = {}
    for row in rows:
        pk = by_guid.get(row.guid) if row.guid else None
        if pk is None and row.local_id:
            pk = by_local.get(row.local_id)
        if pk is not None:
            matches[row.number] = pk
    return matches


def remember(model: type[models.Model], pairs: Iterable[tuple[Row, int]], system: str = SYSTEM) -> None:
    """Keep the external ids of newly created records (row, primary key), in one insert per batch."""
    content_type = ContentType.objects.get_for_model(model)
    create_all(
        ExternalId,
        [
            ExternalId(content_type=content_type, object_id=pk, system=system, guid=row.guid, local_id=row.local_id)
            for row, pk in pairs
            if row.guid or row.local_id
        ],
    )


def of(record: models.Model, system: str = SYSTEM) -> ExternalId | None:
    """The external id a record page shows ("IMSMA GUID ..., local id ..."), if it came from an import."""
    return (
        ExternalId.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk, system=system
        )
        .order_by("pk")
        .first()
    )
