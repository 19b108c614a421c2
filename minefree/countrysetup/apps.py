from django.apps import AppConfig


class CountrySetupConfig(AppConfig):
    name = "minefree.countrysetup"
    label = "countrysetup"

    def ready(self) -> None:
        # pyogrio's own GDAL must be loaded before the first SpatiaLite connection loads the system
        # SQLite and mod_spatialite: the other way round, reading a GeoPackage kills the process
        # (segmentation fault in pyogrio.read_info). django.setup() runs this before any connection.
        import pyogrio  # noqa: F401
