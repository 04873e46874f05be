"""Settings for Surveillance Map: one module, driven by environment variables (see README)."""

from pathlib import Path

import dj_database_url

from surveillance_map.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set SECRET_KEY (or DEBUG=1 for a local run, which uses a dev key).")
    SECRET_KEY = "dev-only-insecure-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "surveillance_map.cameras",
    "surveillance_map.transparency",
    "surveillance_map.areas",
    "surveillance_map.imports",
    "surveillance_map.sightings",
    "surveillance_map.maps",
    "surveillance_map.reports",
    "surveillance_map.api",
    "surveillance_map.exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "surveillance_map.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "surveillance_map.urls"
WSGI_APPLICATION = "surveillance_map.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "surveillance_map" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL picks the database: postgis://USER:PASSWORD@HOST:PORT/NAME in production,
# spatialite:///path/to/file.sqlite3 for the embedded zero-server run (the default).
DATABASE_URL = env_str("DATABASE_URL", f"spatialite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("postgis"):
    # Parallel test runs (CI, several developers) must not share one test database.
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_surveillance_map")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface languages (Accept-Language, or the switcher's cookie); see locale/.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# The basemap is the only third party a visitor's browser may talk to (docs/security.md).
BASEMAP_URL = env_str("BASEMAP_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
BASEMAP_ATTRIBUTION = env_str(
    "BASEMAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (47.0, 8.0),
    "DEFAULT_ZOOM": 5,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 19,
    "TILES": [("Map", BASEMAP_URL, {"attribution": BASEMAP_ATTRIBUTION, "maxZoom": 19})]
    if BASEMAP_URL
    else [],
    "ATTRIBUTION_PREFIX": "Surveillance Map",
    "RESET_VIEW": False,
}

IMPORT_PROGRESS_EVERY = env_int("IMPORT_PROGRESS_EVERY", 5000)

# Sightings (surveillance_map/sightings): freshness, photo limits, anonymous rate limit.
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 730)
SIGHTING_PHOTO_MAX_BYTES = env_int("SIGHTING_PHOTO_MAX_BYTES", 12 * 1024 * 1024)
SIGHTING_PHOTO_MAX_PIXELS = env_int("SIGHTING_PHOTO_MAX_PIXELS", 50_000_000)
SIGHTING_PHOTOS_MAX = env_int("SIGHTING_PHOTOS_MAX", 4)
SIGHTINGS_PER_HOUR = env_int("SIGHTINGS_PER_HOUR", 30)

# Public read-only API (surveillance_map/api): JSON only, cursor pages, anonymous rate limit.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["surveillance_map.api.throttling.HashedAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", "600/minute")},
    "DEFAULT_PAGINATION_CLASS": "surveillance_map.api.pagination.IdCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Surveillance Map API",
    "DESCRIPTION": "Public surveillance cameras, their operators, vendors and programs. "
    "Data licensed under ODbL-1.0.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # No client address or user agent in logs (docs/security.md): Django's default error mails
    # dump the whole request (REMOTE_ADDR, HTTP_USER_AGENT), so the "django" logger only
    # prints the message. "django.server" (runserver) keeps its default: request line only.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Debian 12 ships GDAL 3.6, which cannot block file/network access from spatial reference
# strings. We only ever use EPSG:4326 and never pass user-supplied SRS text to GDAL.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
