"""Named set-up actions: the country, its organisations, teams and users. Atomic, audited, and the
same for the pages and `minefree setup` (which acts as `actor.CommandLine`)."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.gis.gdal import GDALException, SpatialReference
from django.contrib.gis.geos import MultiPolygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minefree.core import audit
from minefree.core.errors import ActionError
from minefree.countrysetup.actor import assert_administrator
from minefree.countrysetup.boundaries import boundary_fingerprint
from minefree.countrysetup.columns import other_languages
from minefree.gazetteer.models import Country
from minefree.organisations.models import Organisation, Team

COUNTRY_CODE = re.compile(r"[A-Z]{3}")


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_time_zone(name: str) -> str:
    if name not in time_zones():
        raise ActionError(
            _("%(zone)s is not a time zone name such as Asia/Dushanbe or Europe/Belgrade.") % {"zone": name or "—"},
            field="time_zone",
        )
    return name


def check_srids(text: str) -> list[int]:
    """ "32642, 32643" as EPSG codes of projected systems GDAL knows, or ActionError naming the bad one."""
    codes = []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        code = part.upper().removeprefix("EPSG:")
        try:
            known = code.isdigit() and SpatialReference(int(code)).projected
        except (GDALException, ValueError):
            known = False
        if not known:
            message = _("%(code)s is not the EPSG code of a projected coordinate system, such as 32642 (UTM 42N).")
            raise ActionError(message % {"code": part[:20]}, field="working_srids")
        codes.append(int(code))
    return list(dict.fromkeys(codes))


def _names(names: dict[str, str]) -> dict[str, str]:
    known = set(other_languages())
    unknown = set(names) - known
    if unknown:
        raise ActionError(
            _("Names may be given in %(known)s, not in %(unknown)s.")
            % {"known": ", ".join(sorted(known)), "unknown": ", ".join(sorted(unknown))},
            field="names",
        )
    return {k: v.strip() for k, v in names.items() if v and v.strip()}


def country_snapshot(country: Country) -> dict[str, Any]:
    data = audit.snapshot(country)
    data["boundary"] = boundary_fingerprint(country.boundary)
    return data


@transaction.atomic
def save_country(
    actor: Any,
    *,
    code: str,
    name: str,
    time_zone: str,
    names: dict[str, str] | None = None,
    boundary: MultiPolygon | None = None,
    approximate: bool = False,
    working_srids: str | None = None,
) -> Country:
    """Create the country with `code`, or update it; a new country needs its boundary."""
    assert_administrator(actor)
    code = code.strip().upper()
    if not COUNTRY_CODE.fullmatch(code):
        raise ActionError(_("The code is the country's three-letter ISO 3166 code, such as TJK."), field="code")
    if not name.strip():
        raise ActionError(_("Give the country's name."), field="name")
    check_time_zone(time_zone)
    srids = check_srids(working_srids) if working_srids is not None else None
    country = Country.objects.select_for_update().filter(code=code).first()
    if country is None and boundary is None:
        raise ActionError(_("A new country needs its boundary file."), field="boundary")
    before = country_snapshot(country) if country else None
    country = country or Country(code=code)
    country.name, country.time_zone = name.strip(), time_zone
    country.names = _names(names or {})
    if srids is not None:
        country.working_srids = srids
    if boundary is not None:
        country.boundary, country.approximate = boundary, approximate
    country.save()
    audit.record(actor, "save_country", country, before, country_snapshot(country))
    if before is None:
        # Field collection lists the districts to Collect as a form's media: the forms come with the first country.
        from minefree.fieldcollection.xforms import install_bundled_forms

        install_bundled_forms()
    return country


@transaction.atomic
def save_organisation(
    actor: Any, organisation: Organisation | None, *, acronym: str, name: str, kind: str, country: Country | None
) -> Organisation:
    assert_administrator(actor)
    acronym, name = acronym.strip(), name.strip()
    if kind not in Organisation.Kind.values:
        raise ActionError(_("%(kind)s is not a kind of organisation.") % {"kind": kind}, field="kind")
    if not acronym or not name:
        raise ActionError(_("Give the acronym and the name."), field="acronym" if not acronym else "name")
    if Organisation.objects.filter(acronym=acronym).exclude(pk__in=[organisation.pk] if organisation else []).exists():
        raise ActionError(_("Another organisation is called %(acronym)s.") % {"acronym": acronym}, field="acronym")
    if kind == Organisation.Kind.NMAC:
        other = Organisation.objects.filter(kind=kind).exclude(pk__in=[organisation.pk] if organisation else []).first()
        if other is not None:
            # The NMAC's country is the home country (gazetteer/home.py): there is one of each.
            raise ActionError(
                _("%(other)s is already the national mine action centre.") % {"other": other.acronym}, field="kind"
            )
        if country is None:
            raise ActionError(_("The national mine action centre's country is the home country: name it."), "country")
    if organisation is not None:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = audit.snapshot(organisation) if organisation else None
    organisation = organisation or Organisation()
    organisation.acronym, organisation.name, organisation.kind = acronym, name, kind
    organisation.country = country
    organisation.save()
    audit.record(actor, "save_organisation", organisation, before, audit.snapshot(organisation))
    return organisation


@transaction.atomic
def save_team(
    actor: Any,
    team: Team | None,
    *,
    organisation: Organisation,
    name: str,
    capability: str,
    active: bool = True,
    women: int = 0,
    men: int = 0,
) -> Team:
    assert_administrator(actor)
    name = name.strip()
    if not name:
        raise ActionError(_("Give the team's name."), field="name")
    if capability not in Team.Capability.values:
        raise ActionError(_("%(c)s is not a team capability.") % {"c": capability}, field="capability")
    if women < 0 or men < 0:
        raise ActionError(_("Count women and men from zero."), field="women" if women < 0 else "men")
    clash = Team.objects.filter(organisation=organisation, name=name).exclude(pk__in=[team.pk] if team else [])
    if clash.exists():
        raise ActionError(
            _("%(org)s already has a team called %(name)s.") % {"org": organisation.acronym, "name": name}, "name"
        )
    if team is not None:
        team = Team.objects.select_for_update().get(pk=team.pk)
    before = audit.snapshot(team) if team else None
    team = team or Team()
    team.organisation, team.name, team.capability = organisation, name, capability
    team.active, team.women, team.men = active, women, men
    team.save()
    audit.record(actor, "save_team", team, before, audit.snapshot(team))
    return team


def user_snapshot(user: User) -> dict[str, Any]:
    """What the audit keeps of a user: never the password hash."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
    }


@transaction.atomic
def create_user(
    actor: Any, *, username: str, password: str, first_name: str = "", last_name: str = "", email: str = ""
) -> User:
    assert_administrator(actor)
    username = username.strip()
    if not username:
        raise ActionError(_("Give the user name."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(_("The user name %(name)s is taken.") % {"name": username}, field="username")
    candidate = User(username=username, first_name=first_name, last_name=last_name, email=email)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise ActionError({"password": [str(m) for m in exc.messages]}) from exc
    user = User.objects.create_user(
        username, email=email, password=password, first_name=first_name, last_name=last_name
    )
    audit.record(actor, "create_user", user, None, user_snapshot(user), related_to=user.username)
    return user


@transaction.atomic
def set_user_active(actor: Any, user: User, active: bool) -> User:
    """Deactivate (or bring back) a user: their grants stay on record, they sign in no more."""
    assert_administrator(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not active and getattr(actor, "pk", None) == user.pk:
        raise ActionError(_("You cannot deactivate yourself."), field="user")
    if user.is_active == active:
        return user
    before = user_snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(actor, "set_user_active", user, before, user_snapshot(user), related_to=user.username)
    return user
