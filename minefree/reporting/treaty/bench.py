"""Article 7 speed figures: the demo year, then with national-scale synthetic areas (rolled back).

`minefree/bench.py` calls `article7_figures()`; the database is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from minefree.gazetteer.home import home_country_code
from minefree.hazards.models import HazardArea, HazardAreaState
from minefree.reporting.treaty import build, pdf, xlsx
from minefree.reporting.treaty.sources import Sources

SYNTHETIC = 20_000  # AP mined areas open at the end of 2019, on top of the demo's
YEAR = 2019


def _add_synthetic() -> None:
    """Copies of one demo area with their own references and one state each, set-based."""
    current = HazardAreaState.objects.filter(
        contamination="ap_mines", valid_to__isnull=True, hazard__country__code=home_country_code()
    )
    sample = current.exclude(geometry__isnull=True).select_related("hazard").first()
    assert sample is not None
    hazard = sample.hazard
    areas = [
        HazardArea(
            reference=f"BENCH-A7-{i:06d}",
            name=f"Synthetic {i}",
            country_id=hazard.country_id,
            admin_area_id=hazard.admin_area_id,
            operator_id=hazard.operator_id,
            classification=hazard.classification,
            contamination="ap_mines",
            status="open",
            geometry=sample.geometry,
            area_m2=sample.area_m2,
            recorded_on=dt.date(2019, 1, 1),
        )
        for i in range(SYNTHETIC)
    ]
    HazardArea.objects.bulk_create(areas, batch_size=2000)
    ids = HazardArea.objects.filter(reference__startswith="BENCH-A7-").values_list("pk", flat=True)
    HazardAreaState.objects.bulk_create(
        [
            HazardAreaState(
                hazard_id=pk,
                valid_from=dt.date(2019, 1, 1),
                classification=hazard.classification,
                contamination="ap_mines",
                status="open",
                geometry=sample.geometry,
                area_m2=sample.area_m2,
                cause="bench",
            )
            for pk in ids
        ],
        batch_size=2000,
    )


def article7_figures(timed: Callable[[Callable[[], object], int], float]) -> None:
    def report() -> object:
        return build.generate(Sources.national(), "apmbc", YEAR)

    with CaptureQueriesContext(connection) as queries:
        generated = build.generate(Sources.national(), "apmbc", YEAR)
    print(f"{'Article 7 figures':<24} {timed(report, 7) * 1000:8.1f} ms  ({len(queries)} queries, both years)")
    print(f"{'Article 7 XLSX':<24} {timed(lambda: xlsx.render(generated), 3) * 1000:8.1f} ms")
    print(f"{'Article 7 PDF':<24} {timed(lambda: pdf.render(generated), 3) * 1000:8.1f} ms")
    with transaction.atomic():
        _add_synthetic()
        big = build.generate(Sources.national(), "apmbc", YEAR)
        rows = len(big.form("C").tables[0].rows)
        print(f"{f'Article 7 figures, {rows:,} areas':<24} {timed(report, 1) * 1000:8.1f} ms")
        print(f"{'Article 7 XLSX, same':<24} {timed(lambda: xlsx.render(big), 1) * 1000:8.1f} ms")
        transaction.set_rollback(True)
