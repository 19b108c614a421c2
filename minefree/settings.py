"""MineFree settings: one file, every deployment knob read from the environment.

Layering: defaults here suit the embedded demo (SpatiaLite file in the working directory);
a national server sets DATABASE_URL=postgis://..., MINEFREE_SECRET_KEY and MINEFREE_HTTPS=1.
Every MINEFREE_* variable is listed in docs/settings.md (a test keeps the two in step).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MINEFREE_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("MINEFREE_DEBUG", False)


def _secret_key() -> str:
    """The environment's key, else one made at random on first start and kept beside the data.

    No key is built in, so no installation shares a secret with another.
    """
    key = os.environ.get("MINEFREE_SECRET_KEY", "")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("MINEFREE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "minefree.core",
    "minefree.organisations",
    "minefree.gazetteer",
    "minefree.hazards",
    "minefree.fieldwork",
    "minefree.casualties",
    "minefree.funding",
    "minefree.education",
    "minefree.quality",
    "minefree.fieldcollection",
    "minefree.webforms",
    "minefree.geopackage",
    "minefree.legacy",
    "minefree.countrysetup",
    "minefree.reporting",
    "minefree.planning",
    "minefree.dashboards",
    "minefree.disaster",
    "minefree.exports",
    "minefree.search",
    "minefree.basemap",
    "minefree.help",
    "minefree.ogcapi",
    "minefree.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "minefree.core.request_checks.RefuseBadInput",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "minefree.urls"
WSGI_APPLICATION = "minefree.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minefree.core.context.site",
                "minefree.gazetteer.context.home_extent",
                "minefree.basemap.context.map_settings",
                "minefree.fieldwork.context.notifications",
            ],
        },
    },
]

# SpatiaLite by default (zero configuration); PostGIS when DATABASE_URL says so.
DATABASE_URL = os.environ.get("DATABASE_URL", f"spatialite:///{DATA_DIR / 'minefree.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("spatialite"):
    # Many writers on one file (docs/architecture.md, Concurrent edits): WAL lets readers go on while
    # one writes; a write transaction takes the write lock at BEGIN IMMEDIATE, where the 20 s busy
    # timeout is waited on (a read that later turns into a write gets "database is locked" at once);
    # our backend sets that timeout again after mod_spatialite has reset it to 5 s.
    # MINEFREE_SQLITE_VARIANT (wal-immediate, wal-deferred, rollback-deferred) is for measuring only.
    SQLITE_VARIANT = os.environ.get("MINEFREE_SQLITE_VARIANT", "wal-immediate")
    DATABASES["default"]["ENGINE"] = "minefree.core.spatialite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "DEFERRED" if SQLITE_VARIANT.endswith("deferred") else "IMMEDIATE",
            "init_command": f"PRAGMA journal_mode = {'DELETE' if SQLITE_VARIANT.startswith('rollback') else 'WAL'}",
        }
    )
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # A file, not memory, so the browser tests' server thread sees the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-minefree.sqlite3")}
SPATIALITE_LIBRARY_PATH = os.environ.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

# Background jobs (exports/jobs.py) go through django-tasks' database queue in this same database;
# `minefree worker` runs them. `minefree serve` starts one worker itself unless this is false
# (a national server that runs its workers as services of their own).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MINEFREE_SERVE_WORKER = env_bool("MINEFREE_SERVE_WORKER", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "hazards:map"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True

# Log-in throttling (django-axes): after MINEFREE_LOGIN_FAILURE_LIMIT failed log-ins, the user name
# and, separately, the address are refused until MINEFREE_LOGIN_COOLOFF_MINUTES pass without a
# failure, or until an administrator releases them at /access/lockouts/. Covers /login/ and
# OpenRosa Basic (both go through authenticate(request, ...)). A browser session lasts
# MINEFREE_SESSION_HOURS from log-in.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("MINEFREE_LOGIN_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MINEFREE_LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Not reset by a success: axes would forget every failure from that address, so one valid account
# could clear the count between guesses at others.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "minefree.organisations.lockouts.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "minefree.organisations.lockouts.client_address"
AXES_ENABLE_ADMIN = False
SESSION_COOKIE_AGE = int(float(os.environ.get("MINEFREE_SESSION_HOURS", 12)) * 3600)
# Behind HTTPS (every server reached over a network): secure cookies, HSTS, redirect to HTTPS.
HTTPS = env_bool("MINEFREE_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
# Django trusts no forwarded header itself: `minefree serve` has waitress take X-Forwarded-Proto
# from the trusted proxy alone and set the request's scheme (core/serving.py).
SECURE_PROXY_SSL_HEADER = None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("tg", _("Tajik"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# "Today" (dates in the future refused, default dates) is the home country's day unless this names a
# zone (gazetteer/home.py local_today); times are stored in UTC either way.
MINEFREE_TIME_ZONE = os.environ.get("MINEFREE_TIME_ZONE", "")
TIME_ZONE = MINEFREE_TIME_ZONE or "UTC"
# Dates of information before this day are refused as typing errors (accidents in Tajikistan are
# recorded from 1992, the programme from 2003).
MINEFREE_EARLIEST_DATE = os.environ.get("MINEFREE_EARLIEST_DATE", "1990-01-01")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from it (and warns if absent)
# Front-end libraries come from the npm registry at set-up (node_modules), never from the repo.
NODE_MODULES = Path(os.environ.get("MINEFREE_NODE_MODULES", BASE_DIR.parent / "node_modules"))
VENDOR_DIRS = {
    "leaflet": "leaflet/dist",
    "geoman": "@geoman-io/leaflet-geoman-free/dist",
    "vectorgrid": "leaflet.vectorgrid/dist",  # the hazard map's vector tiles
    # ODK Web Forms (an ES module whose one bare import, "vue", the page's import map resolves).
    "vue": "vue/dist",
    "web-forms": "@getodk/web-forms/dist",
}
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"]
STATICFILES_DIRS += [
    (f"vendor/{name}", NODE_MODULES / path) for name, path in VENDOR_DIRS.items() if (NODE_MODULES / path).is_dir()
]
WHITENOISE_USE_FINDERS = True

# Kept figures (dashboards, planner), vector tiles and device verifiers, per process. Each entry's
# key carries what it depends on, so a process's cache is never wrong, only cold; Django's default
# of 300 entries would let one map session's tiles push the dashboards out.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# Uploaded files (submission attachments) live here, outside the static files, never served directly.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media-not-served/"

# Upper bound for uploaded geometry files; larger ones are refused with a message.
MINEFREE_MAX_UPLOAD_BYTES = int(os.environ.get("MINEFREE_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = MINEFREE_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MINEFREE_MAX_UPLOAD_BYTES
# Serving and upload limits (docs/settings.md, docs/deployment.md): the one address whose
# X-Forwarded-Proto/-For waitress believes (a proxy on this machine by default behind HTTPS),
# and the largest GeoPackage import, in bytes and in features.
MINEFREE_TRUSTED_PROXY = os.environ.get("MINEFREE_TRUSTED_PROXY", "127.0.0.1" if HTTPS else "").strip()
MINEFREE_GPKG_MAX_BYTES = int(os.environ.get("MINEFREE_GPKG_MAX_MB", 200)) * 1024 * 1024
MINEFREE_GPKG_MAX_FEATURES = int(os.environ.get("MINEFREE_GPKG_MAX_FEATURES", 200_000))
# Interrupted uploads land here (not in /tmp) so the start-up sweep finds and removes them.
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "jobs" / "uploads" / "tmp")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
# Above this many rows an export, overlay or GeoPackage import/export runs as a background job; above this many
# hazardous areas at year end so does an Article 7 report (docs/exports.md). Below, the file is made in the request.
MINEFREE_ROWS_BEFORE_JOB = int(os.environ.get("MINEFREE_ROWS_BEFORE_JOB", 5_000))
MINEFREE_AREAS_BEFORE_JOB = int(os.environ.get("MINEFREE_AREAS_BEFORE_JOB", 5_000))
# Key that seals personal data at rest (Fernet, base64); empty: made on first use beside the data.
MINEFREE_PERSONAL_DATA_KEY = os.environ.get("MINEFREE_PERSONAL_DATA_KEY", "")
# A new-hazard report overlapping a record dated within this many days is flagged as a duplicate.
MINEFREE_DUPLICATE_WINDOW_DAYS = int(os.environ.get("MINEFREE_DUPLICATE_WINDOW_DAYS", 365))
# Basemap tiles: empty means none (the maps still draw hazards on a plain background).
MINEFREE_TILE_URL = os.environ.get("MINEFREE_TILE_URL", "")
# The centre's own basemap, one raster .mbtiles or .pmtiles file served at /basemap/ (docs/maps.md):
# a field office without internet still sees terrain, roads and villages. Set, it wins over the URL.
MINEFREE_BASEMAP_FILE = os.environ.get("MINEFREE_BASEMAP_FILE", "").strip()


# Content-Security-Policy on every response: scripts only from MineFree's own static files, so a
# value that slipped past escaping cannot run. Styles may be inline (style attributes, Leaflet).
def _tile_source(url: str) -> list[str]:
    """The basemap's origin for img-src: https://{s}.tile.example.org/{z}/... -> https://*.tile.example.org."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return []
    host = parts.netloc.replace("{s}", "*")
    return [f"{parts.scheme}://{host}"] if "{" not in host else [f"{parts.scheme}:"]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_tile_source(MINEFREE_TILE_URL)],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "minefree.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "minefree.core.api.KeysetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MineFree API",
    "DESCRIPTION": "Mine action information: hazardous areas, land release, reports.",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
}

# GDAL 3.6 (Debian 12) cannot block network SRS look-ups; MineFree passes GDAL only its own
# EPSG codes and KML/GeoJSON text, never a user-given spatial reference.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MINEFREE_LOG_LEVEL", "WARNING")},
}
