"""The `minefree` command: serve, worker, demo, token, report; anything else goes to Django's manage."""

from __future__ import annotations

import argparse
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
    from minefree.basemap.archive import BasemapError
    from minefree.basemap.views import configured

    try:
        configured()  # a missing, unreadable or vector basemap file is named now, not as blank maps later
    except BasemapError as exc:
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

    from minefree.core.serving import allow_listening_host
    from minefree.wsgi import application

    hosts = allow_listening_host(args.host)  # phones on a field office network use this address

    child = WorkerChild() if settings.MINEFREE_SERVE_WORKER and not args.no_worker else None
    if child is not None:
        child.start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a service manager's stop also stops the worker
    print(f"MineFree is serving at http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    print(f"It answers to the host names {', '.join(hosts)} (MINEFREE_ALLOWED_HOSTS adds more)", flush=True)
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
    from minefree.reporting.cli import add_report_parser

    add_report_parser(sub)
    from minefree.planning.cli import add_plan_parser

    add_plan_parser(sub)
    from minefree.countrysetup.cli import add_setup_parser

    add_setup_parser(sub)
    from minefree.legacy.cli import add_import_parser

    add_import_parser(sub)
    from minefree.fieldcollection.cli import add_form_key_parser

    add_form_key_parser(sub)
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
