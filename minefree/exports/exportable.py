"""What a format writes: one filtered list for one user (`Export`), and its layer name in GIS files.

Apart from `formats.py` so that a writer in its own module (shapefile.py) needs nothing from the registry
that lists it: the registry imports the writers, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from minefree.exports.sources import Source

PROGRESS_EVERY_ROWS = 200


@dataclass
class Export:
    """One filtered list for one user, ready to write; `total` is the number of rows in `qs`."""

    source: Source
    qs: QuerySet[Any]
    total: int
    query: str = ""  # the list's filters as a query string, recorded in the file's metadata
    options: Mapping[str, str] = field(default_factory=dict)  # hxl=1, bom=0
    progress: Callable[[int, int], None] | None = None
    srid: int = 4326  # the coordinate system geometries are written in (exports/crs.py)

    def rows(self, geometry: str | None = None) -> Iterator[tuple[Any, tuple[Any, ...]]]:
        done = 0
        for row in self.source.rows(self.qs, geometry, self.srid):
            yield row
            done += 1
            if self.progress and done % PROGRESS_EVERY_ROWS == 0:
                self.progress(done, self.total)
        if self.progress:
            self.progress(done, self.total)

    @property
    def facts(self) -> dict[str, str]:
        return {
            "list": self.source.slug,
            "filters": self.query,
            "rows": str(self.total),
            "exported_at": timezone.now().isoformat(timespec="seconds"),
            "crs": f"EPSG:{self.srid}",
        }


def layer_name(source: Source) -> str:
    return source.slug.replace("-", "_")
