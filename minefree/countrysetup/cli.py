"""`minefree setup ...`: the country, its areas, organisations, teams, users, grants and treaty dates.

Each subcommand calls the same named action the set-up pages call, as the operator at the
command line (audited with the source "minefree setup"). Bad input prints what is wrong and exits 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PASSWORD_VARIABLE = "MINEFREE_SETUP_PASSWORD"
LANGUAGES = ("ru", "tg")  # settings.LANGUAGES other than English; checked against them when run


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-12-31") from exc


def _names(args: argparse.Namespace, prefix: str) -> dict[str, str]:
    return {lang: value for lang in LANGUAGES if (value := getattr(args, f"{prefix}_{lang}", None))}


def _country(code: str | None) -> Any:
    from minefree.core.errors import ActionError
    from minefree.gazetteer.home import home_country
    from minefree.gazetteer.models import Country

    if code:
        country = Country.objects.filter(code=code.upper()).first()
        if country is None:
            raise ActionError(f"no country with code {code!r}; make it with `minefree setup country`", "country")
        return country
    country = home_country()
    if country is None:
        raise ActionError("no country yet; make it with `minefree setup country`", "country")
    return country


def _organisation(acronym: str) -> Any:
    from minefree.core.errors import ActionError
    from minefree.organisations.models import Organisation

    found = Organisation.objects.filter(acronym=acronym).first()
    if found is None:
        raise ActionError(f"no organisation {acronym!r}; make it with `minefree setup organisation`", "organisation")
    return found


def country(args: argparse.Namespace) -> str:
    from minefree.countrysetup import actions
    from minefree.countrysetup.actor import CommandLine
    from minefree.countrysetup.outline import outline_from_file

    boundary = outline_from_file(Path(args.boundary), args.boundary_layer) if args.boundary else None
    saved = actions.save_country(
        CommandLine(),
        code=args.code,
        name=args.name,
        names=_names(args, "name"),
        time_zone=args.time_zone,
        boundary=boundary,
        approximate=args.approximate,
        working_srids=args.crs,
    )
    return f"country {saved.code} {saved.name} ({saved.time_zone})"


def areas(args: argparse.Namespace) -> str:
    from minefree.countrysetup import columns, sources
    from minefree.countrysetup.actor import CommandLine
    from minefree.countrysetup.boundaries import load_areas

    path = Path(args.file)
    layer = args.layer or sources.layer_names(path, path.name)[0]
    found = sources.describe(path, path.name, layer)
    given = {"code": args.code_column or "", "name": args.name_column or ""}
    given |= {f"name_{lang}": value for lang in LANGUAGES if (value := getattr(args, f"name_column_{lang}", None))}
    if args.parent_column is not None or args.by_overlap:
        given["parent"] = "" if args.by_overlap else args.parent_column
    chosen = columns.chosen(args.level, found.columns, sources.preview(path, path.name, layer), **given)
    result = load_areas(CommandLine(), _country(args.country), args.level, path, chosen, layer=layer)
    names = ", ".join(f"{lang}={col}" for lang, col in chosen.names.items()) or "none"
    parent = f", parent {chosen.parent or 'by overlap'}" if args.level == 2 else ""
    return (
        f"level {result.level} of {result.country} from layer {result.layer} (code {chosen.code}, name {chosen.name}, "
        f"other names {names}{parent}): {len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged"
    )


def organisation(args: argparse.Namespace) -> str:
    from minefree.countrysetup import actions
    from minefree.countrysetup.actor import CommandLine
    from minefree.organisations.models import Organisation

    current = Organisation.objects.filter(acronym=args.acronym).first()
    home = _country(args.country) if args.country or args.kind == Organisation.Kind.NMAC else None
    saved = actions.save_organisation(
        CommandLine(), current, acronym=args.acronym, name=args.name, kind=args.kind, country=home
    )
    return f"organisation {saved.acronym} ({saved.get_kind_display()}) {'updated' if current else 'created'}"


def team(args: argparse.Namespace) -> str:
    from minefree.countrysetup import actions
    from minefree.countrysetup.actor import CommandLine
    from minefree.organisations.models import Team

    owner = _organisation(args.organisation)
    current = Team.objects.filter(organisation=owner, name=args.name).first()
    saved = actions.save_team(
        CommandLine(),
        current,
        organisation=owner,
        name=args.name,
        capability=args.capability,
        active=not args.inactive,
        women=args.women,
        men=args.men,
    )
    return f"team {saved} {'updated' if current else 'created'}"


def _password(username: str) -> str:
    from_env = os.environ.get(PASSWORD_VARIABLE)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise SystemExit(f"minefree setup user: set {PASSWORD_VARIABLE} or run it at a terminal to type the password")
    first = getpass.getpass(f"Password for {username}: ")
    if getpass.getpass("The same password again: ") != first:
        raise SystemExit("minefree setup user: the two passwords differ")
    return first


def user(args: argparse.Namespace) -> str:
    from django.contrib.auth.models import User

    from minefree.core.errors import ActionError
    from minefree.countrysetup import actions
    from minefree.countrysetup.actor import CommandLine

    if args.deactivate or args.activate:
        found = User.objects.filter(username=args.username).first()
        if found is None:
            raise ActionError(f"no user named {args.username!r}", "username")
        actions.set_user_active(CommandLine(), found, bool(args.activate))
        return f"user {found.username} {'active' if args.activate else 'deactivated'}"
    made = actions.create_user(
        CommandLine(),
        username=args.username,
        password=_password(args.username),
        first_name=args.first_name,
        last_name=args.last_name,
        email=args.email,
    )
    return f"user {made.username} created"


def grant(args: argparse.Namespace) -> str:
    from django.contrib.auth.models import User

    from minefree.core.errors import ActionError
    from minefree.countrysetup.actor import CommandLine
    from minefree.gazetteer.models import AdminArea
    from minefree.organisations.actions import grant_access
    from minefree.organisations.defaults import DEFAULT_DATA_CLASSES
    from minefree.organisations.models import Role

    grantee = User.objects.filter(username=args.username).first()
    role = Role.objects.filter(code=args.role).first()
    if grantee is None or role is None:
        missing = f"no user named {args.username!r}" if grantee is None else f"no role {args.role!r}"
        raise ActionError(missing, "username" if grantee is None else "role")
    areas = list(AdminArea.objects.filter(code__in=args.area or []))
    unknown = set(args.area or []) - {a.code for a in areas}
    if unknown:
        raise ActionError(f"no admin area with code {', '.join(sorted(unknown))}", "area")
    classes = args.data_class if args.data_class is not None else DEFAULT_DATA_CLASSES.get(role.code, [])
    made = grant_access(
        CommandLine(),
        grantee=grantee,
        organisation=_organisation(args.organisation),
        role=role,
        admin_areas=areas,
        data_classes=list(classes),
    )
    where = ", ".join(sorted(a.code for a in areas)) or "everywhere"
    held = ", ".join(str(c) for c in made.data_classes) or "no data classes"
    return f"grant {made.user.username}: {role.code} at {made.organisation.acronym}, {where}, {held}"


def treaty(args: argparse.Namespace) -> str:
    from minefree.countrysetup.actor import CommandLine
    from minefree.dashboards.actions import save_publication
    from minefree.dashboards.models import Publication

    current = Publication.current()
    saved = save_publication(
        CommandLine(), deadline=args.deadline, baseline=args.baseline, publish_outlines=current.publish_outlines
    )
    return f"Article 5 deadline {saved.deadline or '-'}, baseline {saved.baseline or '-'}"


def add_setup_parser(sub: Any) -> None:
    p = sub.add_parser("setup", help="set the country up: boundaries, organisations, teams, users, grants, treaty")
    steps = p.add_subparsers(dest="step", required=True)

    c = steps.add_parser("country", help="create or update a country (the NMAC's country is the home country)")
    c.add_argument("--code", required=True, help="ISO 3166 alpha-3 code, e.g. TJK")
    c.add_argument("--name", required=True, help="the name in English (the default)")
    for lang in LANGUAGES:
        c.add_argument(f"--name-{lang}", help=f"the name in language {lang}")
    c.add_argument("--time-zone", required=True, help="IANA time zone, e.g. Asia/Dushanbe")
    c.add_argument("--boundary", help="file with the country's outline (all features joined); needed when new")
    c.add_argument("--boundary-layer", help="layer of that file (default: its first polygon layer)")
    c.add_argument("--approximate", action="store_true", help="the outline is rough: maps and reports say so")
    c.add_argument(
        "--crs",
        help="EPSG codes of projected systems exports offer, e.g. 32642,32643 (default: UTM zones of the boundary)",
    )
    c.set_defaults(setup_func=country)

    a = steps.add_parser("areas", help="load admin level 1 or 2 from a GeoPackage, Shapefile or GeoJSON")
    a.add_argument("file")
    a.add_argument("--level", type=int, choices=[1, 2], required=True)
    a.add_argument("--country", help="ISO alpha-3 code (default: the home country)")
    a.add_argument("--layer", help="layer (default: the file's first polygon layer)")
    a.add_argument("--code-column", help="default: ADM<level>_PCODE, shapeISO or shapeID")
    a.add_argument("--name-column", help="default: ADM<level>_EN or shapeName")
    for lang in LANGUAGES:
        a.add_argument(f"--name-column-{lang}", help=f"names in {lang} (default: ADM<level>_{lang.upper()})")
    a.add_argument("--parent-column", help="level 2: the level-1 code (default: ADM1_PCODE)")
    a.add_argument("--by-overlap", action="store_true", help="level 2: parent is the level-1 area holding most of it")
    a.set_defaults(setup_func=areas)

    o = steps.add_parser("organisation", help="create or update an organisation (by acronym)")
    o.add_argument("--acronym", required=True)
    o.add_argument("--name", required=True)
    o.add_argument("--kind", required=True, help="nmac, operator, national_authority, donor, ...")
    o.add_argument("--country", help="ISO alpha-3 code (the NMAC's: default the only country)")
    o.set_defaults(setup_func=organisation)

    t = steps.add_parser("team", help="create or update a team of an organisation (by name)")
    t.add_argument("--organisation", required=True, help="acronym")
    t.add_argument("--name", required=True)
    t.add_argument("--capability", required=True, help="nts, manual, mechanical, dogs or multi")
    t.add_argument("--women", type=int, default=0)
    t.add_argument("--men", type=int, default=0)
    t.add_argument("--inactive", action="store_true")
    t.set_defaults(setup_func=team)

    u = steps.add_parser("user", help=f"create a user (password typed, or from ${PASSWORD_VARIABLE})")
    u.add_argument("username")
    u.add_argument("--first-name", default="")
    u.add_argument("--last-name", default="")
    u.add_argument("--email", default="")
    u.add_argument("--deactivate", action="store_true", help="stop the user signing in (grants stay on record)")
    u.add_argument("--activate", action="store_true", help="let a deactivated user sign in again")
    u.set_defaults(setup_func=user)

    g = steps.add_parser("grant", help="give a user a role in an organisation")
    g.add_argument("username")
    g.add_argument("--organisation", required=True, help="acronym")
    g.add_argument("--role", required=True, help="nmac_admin, nmac_im, operator_clerk, ...")
    g.add_argument("--area", action="append", help="admin-area code (repeat; none: everywhere)")
    g.add_argument("--data-class", action="append", help="record, reports or personal (default: the role's)")
    g.set_defaults(setup_func=grant)

    tr = steps.add_parser("treaty", help="the Article 5 deadline and the baseline date progress is measured from")
    tr.add_argument("--deadline", type=_date, required=True)
    tr.add_argument("--baseline", type=_date, required=True)
    tr.set_defaults(setup_func=treaty)
    p.set_defaults(func=setup)


def run_step(func: Callable[[argparse.Namespace], str], args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from minefree.core import audit
    from minefree.core.errors import ActionError
    from minefree.countrysetup.actor import COMMAND_LINE_SOURCE

    try:
        with audit.acting_for(COMMAND_LINE_SOURCE):
            print(func(args))
    except ActionError as exc:
        for field, messages in exc.errors.items():
            for message in messages:
                print(
                    f"minefree setup {args.step}: {field + ': ' if field and field != 'file' else ''}{message}",
                    file=sys.stderr,
                )
        return 2
    except PermissionDenied as exc:
        print(f"minefree setup {args.step}: {exc}", file=sys.stderr)
        return 2
    return 0


def setup(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)  # a fresh installation starts here
    return run_step(args.setup_func, args)


def command(argv: Sequence[str]) -> int:
    """Run `minefree setup ARGV` on the database as it is (tests call this; no migration)."""
    root = argparse.ArgumentParser(prog="minefree")
    add_setup_parser(root.add_subparsers(dest="command", required=True))
    args = root.parse_args(["setup", *argv])
    return run_step(args.setup_func, args)
