"""The demo's organisations and named personas, shared by the demo and the tests."""

from __future__ import annotations

from django.contrib.auth.models import User

from minefree.core.permissions import RoleCode
from minefree.gazetteer.models import Country
from minefree.organisations.defaults import DEFAULT_DATA_CLASSES
from minefree.organisations.models import Membership, Organisation, Role, Team

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
PERSONAS: dict[str, tuple[str, RoleCode, str]] = {
    "tnmac.admin": ("TNMAC", RoleCode.NMAC_ADMIN, "Farrukh Saidov"),
    "tnmac.im": ("TNMAC", RoleCode.NMAC_IM, "Nigora Rahimova"),
    "tnmac.qa": ("TNMAC", RoleCode.NMAC_QA, "Jamshed Karimov"),
    "npa.clerk": ("NPA", RoleCode.OPERATOR_CLERK, "Malika Nazarova"),
    "npa.manager": ("NPA", RoleCode.OPERATOR_MANAGER, "Ingrid Hansen"),
    "fsd.clerk": ("FSD", RoleCode.OPERATOR_CLERK, "Dilshod Umarov"),
    "hdc.clerk": ("HDC", RoleCode.OPERATOR_CLERK, "Rustam Qodirov"),
    "ust.clerk": ("UST", RoleCode.OPERATOR_CLERK, "Sitora Aminova"),
    "rcst.clerk": ("RCST", RoleCode.OPERATOR_CLERK, "Zarina Sharipova"),
    "donor.usdos": ("PM/WRA", RoleCode.DONOR, "Emily Carter"),
    "coes.officer": ("CoES", RoleCode.DISASTER_OFFICER, "Bakhtiyor Nazarov"),
    "ciihl.viewer": ("CIIHL", RoleCode.AUTHORITY_VIEWER, "Gulnora Safarova"),
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
    roles = {role.code: role for role in Role.objects.all()}
    for username, (acronym, role, full_name) in PERSONAS.items():
        first, last = full_name.split(" ", 1)
        user = User.objects.create_user(username, password=password, first_name=first, last_name=last)
        Membership.objects.create(
            user=user, organisation=orgs[acronym], role=roles[role.value], data_classes=DEFAULT_DATA_CLASSES[role]
        )


def set_passwords(password: str) -> None:
    for user in User.objects.filter(username__in=PERSONAS):
        user.set_password(password)
        user.save(update_fields=["password"])
