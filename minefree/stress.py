"""Many writers at once against a real server: no answer may be a 5xx, no acknowledged write may be lost.

`run(base, setup, writers, seconds)` drives a running server over HTTP with writer threads that
each repeat one job: create a hazardous area (POST), change one shared area (GET its version, then
PATCH; 409 is the expected answer of the loser), or send a field report through its workflow (the
clerk saves and submits, the NMAC approves, which creates an area). `verify` then reads back every
write that was answered 2xx. `./dev bench` calls `stress_figures`, which serves a demo database with
`minefree serve` (waitress, as in production) on SpatiaLite and, when reachable, on PostGIS:

    python -m minefree.stress --seconds 30 --writers 16 [--engine spatialite|postgis] [--variant ...]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JOBS = ("create hazard", "patch one hazard", "field report")
SQLITE_VARIANTS = ("wal-immediate", "wal-deferred", "rollback-deferred")
DEFAULT_POSTGRES = "postgis://postgres@127.0.0.1:5432/minefree"


@dataclass
class Setup:
    """What the writers need: two API tokens, a district (id and code) and the area they all change."""

    nmac_token: str
    clerk_token: str
    admin_area: int
    admin_area_code: str
    hazard: int


@dataclass
class Outcome:
    """Every answer by job and status, and what the server acknowledged."""

    statuses: collections.Counter[tuple[str, str, int]] = field(default_factory=collections.Counter)
    created: list[tuple[int, str]] = field(default_factory=list)  # (id, reference) of areas answered 201
    patches: int = 0  # PATCHes of the shared area answered 200
    approved: list[int] = field(default_factory=list)  # field reports answered 200 to approve
    errors: list[str] = field(default_factory=list)  # the first few 5xx bodies, to say why
    slowest: float = 0.0  # the longest any write waited for its answer, in seconds
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, job: str, step: str, status: int, body: bytes, seconds: float = 0.0) -> None:
        with self.lock:
            self.statuses[(job, step, status)] += 1
            if step != "read":
                self.slowest = max(self.slowest, seconds)
            if status >= 500 and len(self.errors) < 5:
                self.errors.append(f"{job} {step} {status} after {seconds:.1f} s: {body[:200]!r}")

    def server_errors(self) -> int:
        return sum(n for (_job, _step, status), n in self.statuses.items() if status >= 500)


def prepare() -> Setup:
    """Tokens for the NMAC's information manager and NPA's clerk, and one fresh area to fight over."""
    import datetime as dt

    from django.contrib.auth.models import User
    from django.contrib.gis.geos import MultiPolygon, Polygon
    from rest_framework.authtoken.models import Token

    from minefree.gazetteer.models import AdminArea
    from minefree.hazards.actions import create_hazard_area

    nmac = User.objects.get(username="tnmac.im")
    district = AdminArea.objects.get(code="TJ-SU-GFR")
    hazard = create_hazard_area(
        nmac,
        name="Stress: the area every writer changes",
        admin_area=district,
        classification="SHA",
        contamination="ap_mines",
        geometry=MultiPolygon(Polygon.from_bbox((69.64, 40.64, 69.645, 40.645)), srid=4326),
        recorded_on=dt.date(2024, 1, 1),
        confirm=True,
    )
    nmac_token = Token.objects.get_or_create(user=nmac)[0].key
    clerk_token = Token.objects.get_or_create(user=User.objects.get(username="npa.clerk"))[0].key
    return Setup(nmac_token, clerk_token, district.pk, district.code, hazard.pk)


class Client:
    """A thread's HTTP client: JSON in and out, every answer counted."""

    def __init__(self, base: str, outcome: Outcome, job: str) -> None:
        self.base, self.outcome, self.job = base, outcome, job

    def call(self, method: str, path: str, token: str, step: str, data: Any = None) -> tuple[int, Any]:
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Authorization", f"Token {token}")
        request.add_header("Content-Type", "application/json")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                status, raw = answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except OSError as exc:  # no answer at all (connection reset, time-out): as bad as a 5xx
            status, raw = 599, str(exc).encode()
        self.outcome.count(self.job, step, status, raw, time.monotonic() - started)
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, None


def _square(rng: random.Random) -> dict[str, Any]:
    """A small square in northern Sughd, where the demo has no areas (overlaps are confirmed)."""
    lon, lat, d = 69.60 + rng.random() * 0.04, 40.60 + rng.random() * 0.04, 0.0005
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _create_hazard(http: Client, setup: Setup, rng: random.Random, n: int) -> None:
    fields = {
        "name": f"Stress {threading.get_ident()}-{n}",
        "admin_area": setup.admin_area,
        "classification": "SHA",
        "contamination": "ap_mines",
        "geometry": _square(rng),
        "recorded_on": "2024-02-01",
        "confirm": True,
    }
    status, answer = http.call("POST", "/api/v1/hazards/", setup.nmac_token, "write", fields)
    if status == 201:
        with http.outcome.lock:
            http.outcome.created.append((answer["id"], answer["properties"]["reference"]))


def _patch_hazard(http: Client, setup: Setup, rng: random.Random, n: int) -> None:
    url = f"/api/v1/hazards/{setup.hazard}/"
    status, answer = http.call("GET", url, setup.nmac_token, "read")
    if status != 200:
        return
    change = {"version": answer["properties"]["version"], "effective_date": "2024-03-01", "description": f"edit {n}"}
    status, _answer = http.call("PATCH", url, setup.nmac_token, "write", change)
    if status == 200:
        with http.outcome.lock:
            http.outcome.patches += 1


def _field_report(http: Client, setup: Setup, rng: random.Random, n: int) -> None:
    report = {
        "kind": "hazard",
        "organisation": "NPA",
        "client_id": f"stress-{os.getpid()}-{threading.get_ident()}-{n}-{rng.random()}",
        "date_of_information": "2024-04-04",
        "payload": {
            "name": "Stress report",
            "admin_area": setup.admin_area_code,
            "classification": "SHA",
            "contamination": "ap_mines",
            "geometry": _square(rng),
        },
    }
    status, saved = http.call("POST", "/api/v1/field-reports/", setup.clerk_token, "write", report)
    if status != 201:
        return
    url = f"/api/v1/field-reports/{saved['id']}/"
    status, submitted = http.call("POST", url + "submit/", setup.clerk_token, "submit", {"version": saved["version"]})
    if status != 200:
        return
    decision = {"version": submitted["version"], "confirm": True}
    status, _approved = http.call("POST", url + "approve/", setup.nmac_token, "approve", decision)
    if status == 200:
        with http.outcome.lock:
            http.outcome.approved.append(saved["id"])


def run(base: str, setup: Setup, writers: int = 16, seconds: float = 30.0, rounds: int | None = None) -> Outcome:
    """`writers` threads, each repeating one job (in turn by thread) for `seconds` or `rounds` times."""
    outcome = Outcome()
    jobs = [_create_hazard, _patch_hazard, _field_report]
    deadline = time.monotonic() + seconds
    start = threading.Barrier(writers)

    def writer(index: int) -> None:
        job = jobs[index % len(jobs)]
        http, rng = Client(base, outcome, JOBS[index % len(jobs)]), random.Random(index)
        start.wait()  # all begin together, so they do collide
        n = 0
        while (rounds is None and time.monotonic() < deadline) or (rounds is not None and n < rounds):
            job(http, setup, rng, n)
            n += 1

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def verify(base: str, setup: Setup, outcome: Outcome, version_before: int) -> list[str]:
    """What was acknowledged and is not there (empty when every acknowledged write is present)."""
    http, missing = Client(base, Outcome(), "verify"), []
    for pk, reference in outcome.created:
        status, answer = http.call("GET", f"/api/v1/hazards/{pk}/", setup.nmac_token, "read")
        if status != 200 or answer["properties"]["reference"] != reference:
            missing.append(f"hazard {pk} {reference}: {status}")
    references = [reference for _pk, reference in outcome.created]
    if len(set(references)) != len(references):
        missing.append("two acknowledged areas share a reference")
    status, answer = http.call("GET", f"/api/v1/hazards/{setup.hazard}/", setup.nmac_token, "read")
    if answer["properties"]["version"] != version_before + outcome.patches:
        missing.append(
            f"shared area at version {answer['properties']['version']} after {outcome.patches} acknowledged "
            f"changes from version {version_before}"
        )
    for pk in outcome.approved:
        status, report = http.call("GET", f"/api/v1/field-reports/{pk}/", setup.nmac_token, "read")
        if status != 200 or report["state"] != "approved" or not report["hazard_reference"]:
            missing.append(f"field report {pk}: {status} {report and report.get('state')}")
    return missing


def version_of(base: str, setup: Setup) -> int:
    _status, answer = Client(base, Outcome(), "verify").call(
        "GET", f"/api/v1/hazards/{setup.hazard}/", setup.nmac_token, "read"
    )
    return int(answer["properties"]["version"])


def table(label: str, outcome: Outcome, missing: list[str], seconds: float, writers: int) -> str:
    lines = [f"stress: {label}, {writers} writers, {seconds:.0f} s"]
    by_step: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
    for (job, step, status), n in sorted(outcome.statuses.items()):
        if step != "read":
            by_step[job if step == "write" else f"{job}: {step}"][status] += n
    for name, answers in by_step.items():
        lines.append(f"  {name:<24} " + ", ".join(f"{status}: {n}" for status, n in sorted(answers.items())))
    writes = sum(sum(c.values()) for c in by_step.values())
    lines.append(
        f"  writes {writes} ({writes / seconds:.1f}/s), 5xx {outcome.server_errors()}, "
        f"acknowledged and missing {len(missing)}, slowest write {outcome.slowest:.1f} s"
    )
    lines += [f"  5xx: {e}" for e in outcome.errors] + [f"  missing: {m}" for m in missing[:5]]
    return "\n".join(lines)


# The harness: a demo database served by `minefree serve` in a subprocess.


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _minefree(env: dict[str, str], *args: str, **kwargs: Any) -> Any:
    return subprocess.run([sys.executable, "-m", "minefree.cli", *args], env=env, check=True, **kwargs)


def _postgres_database(url: str, keep: bool = True) -> str | None:
    """A fresh database next to `url` (name + "_stress"), or None when no server answers; `keep=False` drops it."""
    import psycopg

    base, name = url.rsplit("/", 1)
    admin = base.replace("postgis://", "postgresql://", 1) + "/postgres"
    stress = f"{name}_stress"
    try:
        with psycopg.connect(admin, connect_timeout=3, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{stress}" WITH (FORCE)')
            if keep:
                conn.execute(f'CREATE DATABASE "{stress}"')
    except psycopg.OperationalError:
        return None
    return f"{base}/{stress}"


def serve_and_stress(env: dict[str, str], label: str, writers: int, seconds: float) -> tuple[Outcome, list[str]]:
    """Load the demo, serve it with waitress, stress it, read back; prints and returns the figures."""
    env = {**os.environ, **env, "MINEFREE_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    _minefree(env, "demo", "--password", "stress-password", stdout=subprocess.DEVNULL)
    code = (
        "import json, dataclasses; from minefree import stress; print(json.dumps(dataclasses.asdict(stress.prepare())))"
    )
    made = _minefree(env, "manage", "shell", "-c", code, capture_output=True, text=True)
    setup = Setup(**json.loads(made.stdout.strip().splitlines()[-1]))
    port = _free_port()
    log = Path(env["MINEFREE_DATA_DIR"]) / "stress-server.log"  # a file: a full pipe would stall the server
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "minefree.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2).close()
                break
            except OSError as exc:
                if server.poll() is not None:
                    raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}") from exc
                time.sleep(0.2)
        before = version_of(base, setup)
        outcome = run(base, setup, writers=writers, seconds=seconds)
        missing = verify(base, setup, outcome, before)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(table(label, outcome, missing, seconds, writers), flush=True)
    if outcome.server_errors():  # the server's own account of why
        said = [line for line in log.read_text().splitlines() if not line.startswith((" ", "\t"))]
        print("\n".join(f"  server: {line}" for line in said[-10:]), flush=True)
    return outcome, missing


def stress_figures(
    seconds: float = 30.0,
    writers: int = 16,
    engines: tuple[str, ...] = ("spatialite", "postgis"),
    variants: tuple[str, ...] = ("wal-immediate",),
    data_dir: str | None = None,
) -> None:
    """`./dev bench`: the stress on SpatiaLite (each variant) and, when a PostgreSQL server answers, PostGIS."""
    if "spatialite" in engines:
        data = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="minefree-stress-"))
        data.mkdir(parents=True, exist_ok=True)
        try:
            for variant in variants:
                env = {"MINEFREE_DATA_DIR": str(data), "MINEFREE_SQLITE_VARIANT": variant}
                env_no_url = {**env, "DATABASE_URL": f"spatialite:///{data / 'minefree.sqlite3'}"}
                serve_and_stress(env_no_url, f"SpatiaLite ({variant})", writers, seconds)
        finally:
            if not data_dir:
                shutil.rmtree(data, ignore_errors=True)
    if "postgis" in engines:
        url = os.environ.get("DATABASE_URL", "")
        url = url if url.startswith("postgis://") else os.environ.get("MINEFREE_TEST_POSTGRES", DEFAULT_POSTGRES)
        database = _postgres_database(url)
        if database is None:
            print(f"stress: PostGIS skipped, no PostgreSQL server answers at {url}")
            return
        data = Path(tempfile.mkdtemp(prefix="minefree-stress-pg-"))
        try:
            serve_and_stress({"MINEFREE_DATA_DIR": str(data), "DATABASE_URL": database}, "PostGIS", writers, seconds)
        finally:
            shutil.rmtree(data, ignore_errors=True)
            _postgres_database(url, keep=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--engine", choices=["spatialite", "postgis"], action="append")
    parser.add_argument("--variant", choices=SQLITE_VARIANTS, action="append", help="SpatiaLite locking to measure")
    parser.add_argument("--data-dir", help="keep the SpatiaLite demo here and reuse it (default: a fresh one)")
    args = parser.parse_args()
    engines = tuple(args.engine or ("spatialite", "postgis"))
    stress_figures(args.seconds, args.writers, engines, tuple(args.variant or ("wal-immediate",)), args.data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
