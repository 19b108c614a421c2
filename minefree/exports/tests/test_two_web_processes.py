"""Two web processes and two workers: jobs of every kind, started at the same instant by HTTP requests
to both web processes through the pages a user clicks, each run exactly once and downloadable by its
owner from either process.

The web processes are `minefree serve --no-worker` on the test database with MINEFREE_ROWS_BEFORE_JOB
and MINEFREE_AREAS_BEFORE_JOB set to 1, so the demo's lists, overlay, GeoPackages and Article 7
report are all "large"; the workers note every run they make (slow_kinds.count_every_run).
"""

from __future__ import annotations

import collections
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import MultiPolygon, Polygon

from minefree.conftest import PASSWORD
from minefree.core.models import AuditEntry
from minefree.core.tests.racing import together
from minefree.disaster.tests.helpers import record
from minefree.exports.jobs import result_file
from minefree.exports.models import Job
from minefree.exports.tests.slow_kinds import every_run_log
from minefree.exports.tests.test_workers import FINISHED, wait_for
from minefree.exports.tests.web_processes import Answer, log_in, start_web, stop_web
from minefree.exports.tests.workers import database_url, jobs_removed_after, start_worker, stop_worker
from minefree.geopackage.geopackage_export import export_geopackage
from minefree.geopackage.geopackage_jobs import import_outcome
from minefree.organisations.models import Organisation

# Every hazardous area of the demo lies in this box (all of Tajikistan): the overlay is large.
COUNTRY = MultiPolygon(Polygon.from_bbox((67.0, 36.5, 75.5, 41.1)), srid=4326)
JOB_AT = re.compile(r"^/(?:exports/jobs|geopackage/import-jobs)/(\d+)/$")


@pytest.fixture
def committed(django_db_setup: Any, django_db_blocker: Any, tmp_path: Path) -> Iterator[None]:
    """Rows these tests write are committed (the processes must see them); their jobs are removed after."""
    with django_db_blocker.unblock(), jobs_removed_after(every_run_log()):
        yield


def child_env() -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url(), "MINEFREE_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    env.update(MINEFREE_ROWS_BEFORE_JOB="1", MINEFREE_AREAS_BEFORE_JOB="1", MINEFREE_SERVE_WORKER="0")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def job_of(answer: Answer) -> int:
    """The job a request started: it answers with a redirect to the job's page."""
    found = JOB_AT.match(urlsplit(answer.location).path)
    assert answer.status == 302 and found, f"no job started: {answer.status} {answer.location} {answer.body[:300]!r}"
    return int(found.group(1))


def test_two_web_processes_and_two_workers_run_every_job_once(committed: None, tmp_path: Path) -> None:
    names = ("tnmac.im", "npa.clerk", "fsd.clerk", "coes.officer")
    users = {name: User.objects.get(username=name) for name in names}
    area = record(users["coes.officer"], COUNTRY, 0, name="Two web processes flood")
    files = {}  # each clerk's organisation, exported: imported back unchanged, it is a job of its own
    for clerk, acronym in (("npa.clerk", "NPA"), ("fsd.clerk", "FSD")):
        files[clerk] = tmp_path / f"{acronym}.gpkg"
        export_geopackage(users[clerk], Organisation.objects.get(acronym=acronym), files[clerk])

    env = child_env()
    webs = [start_web(env, tmp_path / "web-a.log"), start_web(env, tmp_path / "web-b.log")]
    workers = [start_worker(), start_worker()]
    try:
        a, b = (web.port for web in webs)
        sessions = {name: log_in(a if i % 2 else b, name, PASSWORD) for i, name in enumerate(names)}
        im, npa, fsd, coes = (sessions[name] for name in names)
        # Each kind through each web process, by the page's own POST (the GET only offers the button).
        starts: list[tuple[str, Callable[[], Answer]]] = []
        for port in (a, b):
            starts += [
                ("tnmac.im", lambda p=port: im.post(p, "/exports/hazards/?fmt=csv", {})),  # type: ignore[misc]
                ("tnmac.im", lambda p=port: im.post(p, "/exports/field-reports/?fmt=gpkg", {})),  # type: ignore[misc]
                ("tnmac.im", lambda p=port: im.post(p, "/treaty/apmbc/2019/article7.json", {})),  # type: ignore[misc]
                ("coes.officer", lambda p=port: coes.post(p, f"/disaster/{area.pk}/overlay.gpkg", {})),  # type: ignore[misc]
            ]
        starts += [
            ("npa.clerk", lambda: npa.post(a, "/geopackage/export/", {"organisation": "NPA"})),
            ("fsd.clerk", lambda: fsd.post(b, "/geopackage/export/", {"organisation": "FSD"})),
            ("npa.clerk", lambda: npa.upload(b, "/geopackage/import/", "file", files["npa.clerk"])),
            ("fsd.clerk", lambda: fsd.upload(a, "/geopackage/import/", "file", files["fsd.clerk"])),
            ("coes.officer", lambda: coes.post(a, f"/disaster/{area.pk}/overlay.pdf", {})),
            ("tnmac.im", lambda: im.post(b, "/treaty/ccm/2019/article7.xlsx", {})),
        ]
        answers = together(*(start for _owner, start in starts))
        pks = [job_of(answer) for answer in answers]
        owners = {pk: owner for pk, (owner, _start) in zip(pks, starts, strict=True)}
        assert len(set(pks)) == len(starts) == 14  # one job per request, none shared

        wait_for(lambda: Job.objects.filter(pk__in=pks).exclude(state__in=FINISHED).count() == 0, 300, "every job")
        jobs = {job.pk: job for job in Job.objects.filter(pk__in=pks).select_related("user")}
        assert {pk: (job.kind, job.error) for pk, job in jobs.items() if job.state != "done"} == {}
        assert collections.Counter(job.kind for job in jobs.values()) == {
            "export": 4,
            "article7": 3,
            "disaster-overlay": 3,
            "geopackage-round-trip": 2,
            "geopackage-import": 2,
        }
        assert {pk: job.user.username for pk, job in jobs.items()} == owners
        # None lost, none twice: each job started once (audit) and ran once, in one of the two workers.
        started = AuditEntry.objects.filter(action="start_job", object_id__in=[str(pk) for pk in pks])
        assert sorted(int(pk) for pk in started.values_list("object_id", flat=True)) == sorted(pks)
        runs = collections.Counter(int(line.split()[0]) for line in every_run_log().read_text().splitlines())
        assert sorted(runs) == sorted(pks) and set(runs.values()) == {1}
        assert {job.worker.split(":")[1] for job in jobs.values()} == {str(w.pid) for w in workers}
        for clerk in ("npa.clerk", "fsd.clerk"):  # the unchanged files changed nothing
            imported = next(j for j in jobs.values() if j.kind == "geopackage-import" and j.user.username == clerk)
            assert (import_outcome(imported) or {}).get("unchanged", 0) > 0

        # Every file, from either web process, to its owner only.
        for pk, job in jobs.items():
            on_disk = result_file(job)
            assert on_disk is not None
            for port in (a, b):
                got = sessions[owners[pk]].call(port, "GET", f"/exports/jobs/{pk}/download/")
                assert got.status == 200 and got.body == on_disk.read_bytes(), (pk, port, got.status)
            other = next(name for name in names if name != owners[pk])
            assert sessions[other].call(a, "GET", f"/exports/jobs/{pk}/download/").status == 404
    finally:
        for worker in workers:
            stop_worker(worker)
        for web in webs:
            stop_web(web)
