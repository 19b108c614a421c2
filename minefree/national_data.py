"""National-scale bench data, set-based: 100,000 hazardous areas with history (two dated states each,
one release in four), 1,000,000 ordnance records and 10,000 accidents with their casualties, spread
over every district of the home country. Call `insert_national()` inside a transaction the bench
rolls back (`minefree/national_bench.py`); the demo database is left exactly as it was.

The rows are plain SQL INSERT ... SELECT over a number series, so building them takes seconds, not
the hours the named write actions would (they audit and check every row, which is not what is
measured here)."""

from __future__ import annotations

from django.db import connection

from minefree.gazetteer.home import home_country_code
from minefree.gazetteer.models import AdminArea
from minefree.organisations.models import Organisation

HAZARDS = 100_000
FINDS_PER_HAZARD = 10  # 1,000,000 ordnance records
ACCIDENTS = 10_000
COLUMNS = 400  # a 400 x 250 grid of small squares over 67.4-75.2 E, 36.7-41.0 N

SERIES = {
    "sqlite": "(WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last}) SELECT i FROM n)",
    "postgresql": "generate_series(0, {last}) AS i",
}
WORDS = {
    "sqlite": {
        "now": "CURRENT_TIMESTAMP",
        "false": "0",
        "true": "1",
        "box": "CastToMultiPolygon(BuildMbr(x, y, x + 0.002, y + 0.0015, 4326))",
        "shifted": "ST_Translate(h.geometry, 0.0025, 0, 0)",
        "point": "MakePoint(x + 0.001, y + 0.0007, 4326)",
        "json": "'[]'",
        "day": "date('2016-01-01', '+' || ({n}) || ' days')",
    },
    "postgresql": {
        "now": "now()",
        "false": "false",
        "true": "true",
        "box": "ST_Multi(ST_MakeEnvelope(x, y, x + 0.002, y + 0.0015, 4326))",
        "shifted": "ST_Translate(h.geometry, 0.0025, 0)",
        "point": "ST_SetSRID(ST_MakePoint(x + 0.001, y + 0.0007), 4326)",
        "json": "'[]'::jsonb",
        "day": "(DATE '2016-01-01' + ({n})::int)",
    },
}

# The districts, numbered 0..n-1 so a row picks one by `i % n`.
DISTRICTS = (
    "CREATE TEMPORARY TABLE bench_district AS SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k"
    " FROM gazetteer_adminarea WHERE level = 2 AND country_id = %(country)s"
)

HAZARD_ROWS = """
INSERT INTO hazards_hazardarea (version, created_at, updated_at, reference, name, country_id, admin_area_id,
    operator_id, classification, contamination, status, geometry, area_m2, mechanical_suitable, recorded_on,
    description)
SELECT 1, {now}, {now}, 'NAT-HA-' || i, 'National ' || i, %(country)s, d.id, %(operator)s,
    CASE WHEN i % 3 = 0 THEN 'SHA' ELSE 'CHA' END,
    CASE WHEN i % 7 = 0 THEN 'cluster' WHEN i % 4 = 0 THEN 'other_erw' ELSE 'ap_mines' END,
    CASE WHEN i % 10 = 0 THEN 'closed' WHEN i % 5 = 0 THEN 'worked_on' ELSE 'open' END,
    {box}, 20000 + (i % 97) * 100, {false}, '2018-01-01', ''
FROM (SELECT i, 67.4 + (i % {cols}) * 0.0195 AS x, 36.7 + (i / {cols}) * 0.0172 AS y FROM {series}) AS grid
JOIN bench_district AS d ON d.k = i % %(districts)s
"""
# Each hazard's history: as first recorded (a larger SHA, 2018-2020), then as it is today.
STATES = """
INSERT INTO hazards_hazardareastate (hazard_id, valid_from, valid_to, classification, contamination, status,
    geometry, area_m2, mechanical_suitable, cause)
SELECT h.id, '2018-01-01', '2020-06-01', 'SHA', h.contamination, 'open', h.geometry, h.area_m2 * 1.5, {false}, 'bench'
FROM hazards_hazardarea AS h WHERE h.reference LIKE 'NAT-HA-%'
"""
CURRENT_STATES = """
INSERT INTO hazards_hazardareastate (hazard_id, valid_from, valid_to, classification, contamination, status,
    geometry, area_m2, mechanical_suitable, cause)
SELECT h.id, '2020-06-01', NULL, h.classification, h.contamination, h.status, h.geometry, h.area_m2, {false}, 'bench'
FROM hazards_hazardarea AS h WHERE h.reference LIKE 'NAT-HA-%'
"""
RELEASES = """
INSERT INTO hazards_landreleaseactivity (version, created_at, updated_at, reference, hazard_id, organisation_id,
    team_id, kind, method, geometry, area_m2, start_date, end_date, depth_cm)
SELECT 1, {now}, {now}, 'NAT-LR-' || h.id, h.id, %(operator)s, NULL,
    CASE WHEN h.id % 3 = 0 THEN 'cancel' WHEN h.id % 3 = 1 THEN 'reduce' ELSE 'clear' END,
    CASE WHEN h.id % 2 = 0 THEN 'manual' ELSE 'mechanical' END, {shifted}, 10000,
    '2020-01-01', '2020-06-01', NULL
FROM hazards_hazardarea AS h WHERE h.reference LIKE 'NAT-HA-%' AND h.id % 4 = 0
"""
FINDS = """
INSERT INTO hazards_ordnancefind (version, created_at, updated_at, location, category, ordnance_type, quantity,
    found_on, disposal, disposed_on, activity_id, hazard_id, organisation_id, country_id)
SELECT 1, {now}, {now}, NULL,
    CASE WHEN j % 5 = 0 THEN 'uxo' WHEN j % 7 = 0 THEN 'submunition' ELSE 'ap_mine' END,
    CASE WHEN j % 2 = 0 THEN 'PMN-2' ELSE 'OZM-72' END, 1 + j % 3,
    {found}, CASE WHEN j % 9 = 0 THEN 'removed' ELSE 'in_situ' END, {found}, NULL, h.id, %(operator)s, %(country)s
FROM hazards_hazardarea AS h JOIN (SELECT i AS j FROM {series}) AS rep ON 1 = 1
WHERE h.reference LIKE 'NAT-HA-%'
"""
ACCIDENT_ROWS = """
INSERT INTO casualties_accident (version, created_at, updated_at, reference, kind, date, location, device,
    activity_at_time, evidence, findings, corrective_actions, admin_area_id, country_id, hazard_id, organisation_id)
SELECT 1, {now}, {now}, 'NAT-AC-' || i, CASE WHEN i % 11 = 0 THEN 'demining' ELSE 'civilian' END, {accident_day},
    {point}, '', CASE WHEN i % 11 = 0 THEN 'demining' ELSE 'herding' END, {json}, '', '', d.id, %(country)s, NULL,
    %(operator)s
FROM (SELECT i, 67.4 + (i % {cols}) * 0.0195 AS x, 36.7 + (i / {cols}) * 0.0172 AS y FROM {series}) AS grid
JOIN bench_district AS d ON d.k = i % %(districts)s
"""
CASUALTIES = """
INSERT INTO casualties_casualty (version, created_at, updated_at, sex, age, "group", outcome, deminer, accident_id,
    injuries_sealed)
SELECT 1, {now}, {now}, CASE WHEN a.id % 4 = 0 THEN 'female' ELSE 'male' END, 10 + a.id % 50,
    CASE WHEN a.id % 4 = 0 THEN (CASE WHEN a.id % 50 < 8 THEN 'girl' ELSE 'woman' END)
         ELSE (CASE WHEN a.id % 50 < 8 THEN 'boy' ELSE 'man' END) END,
    CASE WHEN a.id % 3 = 0 THEN 'killed' ELSE 'injured' END, {false}, a.id, ''
FROM casualties_accident AS a WHERE a.reference LIKE 'NAT-AC-%'
"""
TABLES = (
    "hazards_hazardarea",
    "hazards_hazardareastate",
    "hazards_landreleaseactivity",
    "hazards_ordnancefind",
    "casualties_accident",
    "casualties_casualty",
)


def _sql(template: str, last: int, **extra: str) -> str:
    words = dict(WORDS[connection.vendor])
    words["series"] = SERIES[connection.vendor].format(last=last)
    words["cols"] = str(COLUMNS)
    words.update(extra)
    text = template.format(**words)
    # The templates use %(name)s parameters and bare % for modulo: double the bare ones for the driver.
    return text.replace("%", "%%").replace("%%(", "%(")


def insert_national() -> dict[str, int]:
    """Add the national-scale rows (call inside a transaction that is rolled back); their counts."""
    country = AdminArea.objects.filter(country__code=home_country_code()).values_list("country_id", flat=True).first()
    operator = Organisation.objects.filter(kind=Organisation.Kind.OPERATOR).order_by("pk").first()
    assert country is not None and operator is not None
    districts = AdminArea.objects.filter(level=2, country_id=country).count()
    assert districts
    params = {"country": country, "operator": operator.pk, "districts": districts}
    vendor_day = WORDS[connection.vendor]["day"]
    with connection.cursor() as cursor:
        cursor.execute(DISTRICTS.replace("%(country)s", str(int(country))))
        cursor.execute(_sql(HAZARD_ROWS, HAZARDS - 1), params)
        cursor.execute(_sql(STATES, 0), params)
        cursor.execute(_sql(CURRENT_STATES, 0), params)
        cursor.execute(_sql(RELEASES, 0), params)
        cursor.execute(_sql(FINDS, FINDS_PER_HAZARD - 1, found=vendor_day.format(n="730 + (h.id + j) % 1800")), params)
        cursor.execute(_sql(ACCIDENT_ROWS, ACCIDENTS - 1, accident_day=vendor_day.format(n="i % 3650")), params)
        cursor.execute(_sql(CASUALTIES, 0), params)
        cursor.execute("DROP TABLE bench_district")
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table] = int(cursor.fetchone()[0])
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {table}")  # as autovacuum would, rolled back with the rows
    return counts
