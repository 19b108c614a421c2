"""The demo's organisations and named personas, shared by the demo and the tests."""

from __future__ import annotations

from django.contrib.auth.models import User

from minefree.core.permissions import RoleCode
from minefree.gazetteer.models import AdminArea, Country
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
    "npa.khatlon": ("NPA", RoleCode.OPERATOR_CLERK, "Firuza Davlatova"),
}

# Grants limited to some admin areas (codes); the others hold everywhere. NPA's Khatlon office
# clerk sees and writes NPA's reports about Khatlon only, and the national record there.
AREA_LIMITS = {"npa.khatlon": ("TJ-KT",)}

# Operators' users who also hold personal data: RCST refers survivors to services.
PERSONAL_DATA_HOLDERS = {"rcst.clerk"}

# organisation: [(team name, capability, women, men)]; NPA fields a women's team.
TEAMS = {
    "HDC": [
        ("Manual team 1", "manual", 0, 10),
        ("Manual team 2", "manual", 0, 10),
        ("Mechanical team", "mechanical", 0, 5),
        ("Survey team", "nts", 1, 3),
    ],
    "NPA": [
        ("Manual team 1", "manual", 1, 9),
        ("Manual team 2 (women)", "manual", 9, 1),
        ("MDD team", "dogs", 2, 4),
        ("Mechanical team", "mechanical", 0, 4),
        ("NTS team", "nts", 2, 2),
    ],
    "FSD": [("Multi-task team 1", "multi", 2, 8), ("Manual team 2", "manual", 1, 9), ("NTS team", "nts", 2, 2)],
    "UST": [("NTS team", "nts", 1, 3), ("Manual team", "manual", 0, 8)],
}
ASSETS: dict[str, list[tuple[str, str, str | None]]] = {  # organisation: [(kind, name, team)]
    "NPA": [
        ("dog", "Rex", "MDD team"),
        ("dog", "Bars", "MDD team"),
        ("dog", "Alma", "MDD team"),
        ("machine", "MV-4 flail", "Mechanical team"),
    ],
    "HDC": [("machine", "Bozena 5", "Mechanical team"), ("vehicle", "Kamaz support truck", None)],
    "FSD": [("detector", "Large-loop detector", "Multi-task team 1"), ("dog", "Tuzik", "Multi-task team 1")],
}


def create_organisations(country: Country) -> dict[str, Organisation]:
    orgs = {
        acronym: Organisation.objects.create(acronym=acronym, name=name, kind=kind, country=country)
        for acronym, name, kind in ORGANISATIONS
    }
    for acronym, teams in TEAMS.items():
        for name, capability, women, men in teams:
            Team.objects.create(organisation=orgs[acronym], name=name, capability=capability, women=women, men=men)
    return orgs


def create_assets(user: User, orgs: dict[str, Organisation]) -> None:
    from minefree.organisations.assets import record_asset, set_asset_status

    for acronym, assets in ASSETS.items():
        for kind, name, team in assets:
            asset = record_asset(
                user,
                organisation=orgs[acronym],
                kind=kind,
                name=name,
                team=Team.objects.get(organisation=orgs[acronym], name=team) if team else None,
            )
            if name == "Alma":
                set_asset_status(user, asset, "training")


def create_personas(orgs: dict[str, Organisation], password: str) -> None:
    roles = {role.code: role for role in Role.objects.all()}
    for username, (acronym, role, full_name) in PERSONAS.items():
        first, last = full_name.split(" ", 1)
        user = User.objects.create_user(username, password=password, first_name=first, last_name=last)
        classes = list(DEFAULT_DATA_CLASSES[role])
        if username in PERSONAL_DATA_HOLDERS:
            classes.append("personal")
        grant = Membership.objects.create(
            user=user, organisation=orgs[acronym], role=roles[role.value], data_classes=classes
        )
        if username in AREA_LIMITS:
            grant.admin_areas.set(AdminArea.objects.filter(code__in=AREA_LIMITS[username]))


def set_passwords(password: str) -> None:
    for user in User.objects.filter(username__in=PERSONAS):
        user.set_password(password)
        user.save(update_fields=["password"])
