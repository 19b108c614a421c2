"""The demo's organisations and named personas, shared by the demo and the tests."""

from __future__ import annotations

from django.contrib.auth.models import User

from minefree.core.permissions import Role
from minefree.gazetteer.models import Country
from minefree.organisations.models import Membership, Organisation, Team

K = Organisation.Kind
ORGANISATIONS = [
    ("TNMAC", "Tajikistan National Mine Action Centre", K.NMAC),
    ("CIIHL", "Commission for the Implementation of International Humanitarian Law", K.NATIONAL_AUTHORITY),
    ("HDC", "Humanitarian Demining Company (Ministry of Defence)", K.OPERATOR),
    ("NPA", "Norwegian People's Aid", K.OPERATOR),
    ("FSD", "Swiss Foundation for Mine Action", K.OPERATOR),
    ("UST", "Union of Sappers of Tajikistan", K.OPERATOR),
    ("RCST", "Red Crescent Society of Tajikistan", K.RISK_EDUCATION),
    ("OSCE", "Organization for Security and Co-operation in Europe", K.PARTNER),
    ("GICHD", "Geneva International Centre for Humanitarian Demining", K.PARTNER),
    ("UNDP", "United Nations Development Programme", K.PARTNER),
    ("PM/WRA", "US Department of State, Office of Weapons Removal and Abatement", K.DONOR),
    ("NOR", "Government of Norway", K.DONOR),
    ("ICRC", "International Committee of the Red Cross", K.DONOR),
    ("CoES", "Committee of Emergency Situations and Civil Defence", K.DISASTER_AGENCY),
]

# username: (organisation, role, full name)
PERSONAS: dict[str, tuple[str, Role, str]] = {
    "tnmac.admin": ("TNMAC", Role.NMAC_ADMIN, "Farrukh Saidov"),
    "tnmac.im": ("TNMAC", Role.NMAC_IM, "Nigora Rahimova"),
    "tnmac.qa": ("TNMAC", Role.NMAC_QA, "Jamshed Karimov"),
    "npa.clerk": ("NPA", Role.OPERATOR_CLERK, "Malika Nazarova"),
    "npa.manager": ("NPA", Role.OPERATOR_MANAGER, "Ingrid Hansen"),
    "fsd.clerk": ("FSD", Role.OPERATOR_CLERK, "Dilshod Umarov"),
    "hdc.clerk": ("HDC", Role.OPERATOR_CLERK, "Rustam Qodirov"),
    "ust.clerk": ("UST", Role.OPERATOR_CLERK, "Sitora Aminova"),
    "rcst.clerk": ("RCST", Role.OPERATOR_CLERK, "Zarina Sharipova"),
    "donor.usdos": ("PM/WRA", Role.DONOR, "Emily Carter"),
    "coes.officer": ("CoES", Role.DISASTER_OFFICER, "Bakhtiyor Nazarov"),
    "ciihl.viewer": ("CIIHL", Role.AUTHORITY_VIEWER, "Gulnora Safarova"),
}

# organisation: [(team name, capability)]
TEAMS = {
    "HDC": [
        ("Manual team 1", "manual"),
        ("Manual team 2", "manual"),
        ("Mechanical team", "mechanical"),
        ("Survey team", "nts"),
    ],
    "NPA": [
        ("Manual team 1", "manual"),
        ("Manual team 2 (women)", "manual"),
        ("MDD team", "dogs"),
        ("Mechanical team", "mechanical"),
        ("NTS team", "nts"),
    ],
    "FSD": [("Multi-task team 1", "multi"), ("Manual team 2", "manual"), ("NTS team", "nts")],
    "UST": [("NTS team", "nts"), ("Manual team", "manual")],
}


def create_organisations(country: Country) -> dict[str, Organisation]:
    orgs = {
        acronym: Organisation.objects.create(acronym=acronym, name=name, kind=kind, country=country)
        for acronym, name, kind in ORGANISATIONS
    }
    for acronym, teams in TEAMS.items():
        for name, capability in teams:
            Team.objects.create(organisation=orgs[acronym], name=name, capability=capability)
    return orgs


def create_personas(orgs: dict[str, Organisation], password: str) -> None:
    for username, (acronym, role, full_name) in PERSONAS.items():
        first, last = full_name.split(" ", 1)
        user = User.objects.create_user(username, password=password, first_name=first, last_name=last)
        Membership.objects.create(user=user, organisation=orgs[acronym], role=role.value)


def set_passwords(password: str) -> None:
    for user in User.objects.filter(username__in=PERSONAS):
        user.set_password(password)
        user.save(update_fields=["password"])
