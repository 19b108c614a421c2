"""Ruritania set up through `minefree setup`, as a centre's operator would type it."""

from __future__ import annotations

from pathlib import Path

from minefree.countrysetup.cli import command
from minefree.countrysetup.tests import ruritania


def setup(*argv: str) -> None:
    assert command(list(argv)) == 0, argv


def ruritania_from_cod(folder: Path) -> Path:
    """The country, its regions and districts from the COD GeoPackage; the path of that file."""
    cod = ruritania.cod_geopackage(folder)
    setup(
        "country", "--code", "RUR", "--name", "Ruritania", "--name-ru", "Руритания", "--time-zone", "Europe/Vienna",
        "--boundary", str(cod), "--boundary-layer", "rur_admbnda_adm0",
    )  # fmt: skip
    setup("areas", "--country", "RUR", "--level", "1", "--layer", "rur_admbnda_adm1", str(cod))
    setup("areas", "--country", "RUR", "--level", "2", "--layer", "rur_admbnda_adm2", str(cod))
    return cod
