"""The `minefree` command: serve, worker, demo, token, report; anything else goes to Django's manage."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
from collections.abc import Sequence


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minefree.settings")
    import django
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def serve(args: argparse.Namespace) -> int:
    from minefree.core.serving import ServeConfigError, waitress_options

    try:
        options = waitress_options()  # refuse a set-up that cannot serve a page before touching anything
    except ServeConfigError as exc:
        print(f"minefree serve: {exc}", file=sys.stderr)
        return 2
    _migrate()
    from minefree.core.personal_key import key_problem

    problem = key_problem("The database")  # refuse now rather than answer 500 on every personal page
    if problem:
        print(f"minefree serve: {problem}", file=sys.stderr)
        return 2
    from django.conf import settings

    from minefree.exports.jobs import recover_stale_jobs
    from minefree.exports.worker import WorkerChild

    recover_stale_jobs()  # jobs whose worker died fail, their partial files removed; lost ones are queued again
    from waitress import serve as waitress_serve

    from minefree.wsgi import application

    child = WorkerChild() if settings.MINEFREE_SERVE_WORKER and not args.no_worker else None
    if child is not None:
        child.start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a service manager's stop also stops the worker
    print(f"MineFree is serving at http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    try:
        waitress_serve(application, host=args.host, port=args.port, **options)
    finally:
        if child is not None:
            child.stop()
    return 0


def worker(args: argparse.Namespace) -> int:
    from minefree.exports.worker import run_worker

    return run_worker(interval=args.interval)


def backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from minefree.core.backup import BackupError, make_backup

    try:
        summary = make_backup(Path(args.output), keys=not args.no_keys)
    except BackupError as exc:
        print(f"minefree backup: {exc}", file=sys.stderr)
        return 2
    keys = "with the keys" if summary.keys else "WITHOUT the personal-data key: keep it elsewhere"
    print(f"wrote {args.output} ({summary.size:,} bytes, {summary.files} files, {summary.engine}, {keys})")
    return 0


def restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from django.conf import settings

    from minefree.core.backup import BackupError, restore_backup

    try:
        manifest = restore_backup(Path(args.archive), force=args.force)
    except BackupError as exc:
        print(f"minefree restore: {exc}", file=sys.stderr)
        return 2
    print(
        f"restored {args.archive} ({manifest['engine']}, made {manifest['created_at']}, {len(manifest['files'])} files)"
    )
    if settings.MINEFREE_PERSONAL_DATA_KEY or os.environ.get("MINEFREE_SECRET_KEY"):
        print("note: keys set in the environment win over the restored key files in", settings.DATA_DIR)
    return 0


def demo(args: argparse.Namespace) -> int:
    _migrate()
    from minefree.demo import personas
    from minefree.demo.generate import build_demo, demo_exists

    if demo_exists():
        print("Demo data already present; setting the personas' password.")
        personas.set_passwords(args.password)
    else:
        print("Building the Tajikistan demo (takes a minute)...", flush=True)
        build_demo(args.password)
    print("\nDemo logins (password: %s)" % args.password)
    for username, (org, role, name) in personas.PERSONAS.items():
        print(f"  {username:<14} {org:<7} {role.value:<18} {name}")
    return 0


def token(args: argparse.Namespace) -> int:
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    try:
        user = User.objects.get(username=args.username)
    except User.DoesNotExist:
        print(f"minefree token: no user named {args.username!r}", file=sys.stderr)
        return 2
    key, _created = Token.objects.get_or_create(user=user)
    print(key.key)
    return 0


def report(args: argparse.Namespace) -> int:
    if args.name == "article7":
        from minefree.reporting.treaty.cli import article7

        return article7(args)
    if args.format in ("xlsx", "pdf") or args.year or args.output:
        print("minefree report: --year, --output and --format xlsx/pdf apply to article7 only", file=sys.stderr)
        return 2
    from minefree.casualties.models import Casualty
    from minefree.core.errors import ActionError
    from minefree.education.models import EoreSession
    from minefree.funding.models import Funding
    from minefree.gazetteer.home import home_country_code, local_today
    from minefree.hazards.models import HazardAreaState, LandReleaseActivity, OrdnanceFind
    from minefree.reporting import formats, land, pillars

    country = args.country or home_country_code()
    if args.name not in ("contamination", "released") and (args.admin_area or args.operator or args.method):
        print(
            f"minefree report: --admin-area, --operator and --method apply to contamination and released only, "
            f"not {args.name}",
            file=sys.stderr,
        )
        return 2
    try:
        area, operator = land.resolve_scope(args.admin_area, args.operator)
    except ActionError as exc:
        print(f"minefree report: {exc}", file=sys.stderr)
        return 2
    # The CLI is the server's own operator: it reads the whole national record.
    if args.name == "contamination":
        as_of = args.as_of or local_today()
        data = land.contamination(
            HazardAreaState.objects.all(), as_of, country=country, admin_area=area, operator=operator
        )
        rows = formats.contamination_rows(data)
        print(formats.render(data, rows, ["classification", "areas", "m2"], args.format))
    elif args.name == "casualties":
        data = pillars.casualties(
            Casualty.objects.all(), _as_date(args.date_from, False), _as_date(args.to, True), country=country
        )
        rows = [[group, data[group]["killed"], data[group]["injured"]] for group in [*pillars.GROUPS, "total"]]
        print(formats.render(data, rows, ["group", "killed", "injured"], args.format))
    elif args.name == "eore":
        data = pillars.eore_reach(EoreSession.objects.all(), _as_year(args.date_from), _as_year(args.to))
        rows = [
            [year, r["sessions"], r["girls"], r["boys"], r["women"], r["men"], r["total"]]
            for year, r in data["years"].items()
        ]
        print(formats.render(data, rows, ["year", "sessions", "girls", "boys", "women", "men", "total"], args.format))
    elif args.name == "residual":
        data = pillars.residual_risk(
            OrdnanceFind.objects.all(), country, _as_date(args.date_from, False), _as_date(args.to, True)
        )
        rows = [
            [code, r["spot_tasks"], r["call_outs_after_handover"], r["items"]] for code, r in data["countries"].items()
        ]
        print(formats.render(data, rows, ["country", "spot_tasks", "call_outs_after_handover", "items"], args.format))
    elif args.name == "funding":
        data = pillars.funding(Funding.objects.all(), _as_year(args.date_from), _as_year(args.to))
        rows = [[year, usd] for year, usd in data["years"].items()] + [["total", data["total"]]]
        print(formats.render(data, rows, ["year", "usd"], args.format))
    else:
        data = land.released(
            LandReleaseActivity.objects.all(),
            _as_date(args.date_from, False),
            _as_date(args.to, True),
            country=country,
            admin_area=area,
            operator=operator,
            method=args.method,
        )
        rows = [[year, kind, m2] for year, kinds in data["years"].items() for kind, m2 in kinds.items()]
        print(formats.render(data, rows, ["year", "kind", "m2"], args.format))
    return 0


def _date_or_year(text: str) -> dt.date | int:
    """A year (2013) or a date (2019-10-31); each report says which it needs."""
    if text.isdigit() and len(text) == 4:
        return int(text)
    return _date(text)


def _as_date(value: dt.date | int | None, last: bool) -> dt.date | None:
    if isinstance(value, int):
        return dt.date(value, 12, 31) if last else dt.date(value, 1, 1)
    return value


def _as_year(value: dt.date | int | None) -> int | None:
    return value.year if isinstance(value, dt.date) else value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2019-03-31") from exc


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="minefree", description="MineFree mine action information management")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="migrate the database and serve the web application")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--no-worker", action="store_true", help="start no job worker (run `minefree worker` separately)")
    s.set_defaults(func=serve)
    w = sub.add_parser("worker", help="run background jobs (exports, imports, Article 7, overlays) until stopped")
    w.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
    w.set_defaults(func=worker)
    b = sub.add_parser("backup", help="write one archive: database, keys, uploaded files, manifest")
    b.add_argument("--output", required=True, help="the archive to write (.tar.gz)")
    b.add_argument("--no-keys", action="store_true", help="leave both keys out (keep them elsewhere)")
    b.set_defaults(func=backup)
    rs = sub.add_parser("restore", help="bring a backup archive back into an empty installation")
    rs.add_argument("archive")
    rs.add_argument("--force", action="store_true", help="replace the data this installation already has")
    rs.set_defaults(func=restore)
    d = sub.add_parser("demo", help="load the Tajikistan demo data (once) and set the personas' password")
    d.add_argument("--password", default="minefree-demo")
    d.set_defaults(func=demo)
    t = sub.add_parser("token", help="print the API token of a user (made on first use)")
    t.add_argument("username")
    t.set_defaults(func=token)
    r = sub.add_parser("report", help="print a report computed from the data")
    r.add_argument(
        "name", choices=["contamination", "released", "casualties", "funding", "eore", "residual", "article7"]
    )
    r.add_argument("--as-of", type=_date, help="contamination on this date (default today)")
    r.add_argument(
        "--from", dest="date_from", type=_date_or_year, help="first day, or a year (funding and eore count whole years)"
    )
    r.add_argument("--to", type=_date_or_year, help="last day, or a year")
    r.add_argument("--country", help="ISO alpha-3 code (default: the NMAC's country)")
    r.add_argument("--admin-area", help="admin-area code, e.g. TJ-KT (a region includes its districts)")
    r.add_argument("--operator", help="operator acronym, e.g. NPA")
    r.add_argument("--method", choices=["survey", "manual", "mechanical", "dogs"], help="released: one method")
    r.add_argument("--format", choices=["json", "csv", "table", "xlsx", "pdf"], default="table")
    r.add_argument("--year", type=int, help="article7: the reporting year (1 January to 31 December)")
    r.add_argument("--treaty", choices=["apmbc", "ccm"], default="apmbc", help="article7: APMBC or CCM forms")
    r.add_argument("--output", help="article7: the file to write (required for xlsx and pdf)")
    r.set_defaults(func=report)
    from minefree.planning.cli import add_plan_parser

    add_plan_parser(sub)
    sub.add_parser("manage", help="run a Django management command (minefree manage help)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _setup()
    if argv[:1] == ["manage"]:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["minefree manage", *argv[1:]])
        return 0
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
