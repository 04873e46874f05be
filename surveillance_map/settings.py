"""Settings for Surveillance Map: one module, driven by environment variables (see README)."""

from pathlib import Path

import dj_database_url

from surveillance_map.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set SECRET_KEY (or DEBUG=1 for a local run, which uses a dev key).")
    SECRET_KEY = "dev-only-insecure-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
# Served over HTTPS (behind a TLS-terminating proxy): HSTS, secure cookies, redirect to https.
# On by default outside DEBUG; HTTPS=0 only to try the production server on plain http.
HTTPS = env_bool("HTTPS", not DEBUG)

INSTALLED_APPS = [
    "surveillance_map.accounts.apps.SecureAdminConfig",  # django.contrib.admin, see accounts/
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
    "surveillance_map.jobs",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "surveillance_map.accounts",
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
    # Load balancers probe /healthz and /readyz by address, over http: answer before the host
    # check and the https redirect.
    "surveillance_map.lib.health.HealthCheckMiddleware",
    # A database or Redis outage answers 503 with Retry-After instead of a traceback.
    "surveillance_map.lib.unavailable.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads of pages that may lag a moment (tiles, API, exports, reports) go to a replica.
    "surveillance_map.lib.replicas.ReplicaReadsMiddleware",
    # Tiles are `public`: shared by everyone, they must carry no visitor's cookie.
    "surveillance_map.lib.cacheable.PublicResponseMiddleware",
    "surveillance_map.csp.ContentSecurityPolicyMiddleware",
    # NUL bytes, text that is not UTF-8 and oversized bodies: 400/413 before any view runs.
    "surveillance_map.inputs.UntrustedInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Tiles (public, the same for everyone) need no session, language, CSRF, user or messages:
# they go through this shorter stack (lib/lean.py, wsgi.py), with every security header kept.
LEAN_PATHS = ["/tiles/"]
LEAN_MIDDLEWARE = [
    "surveillance_map.lib.unavailable.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "surveillance_map.lib.lean.CheckHost",
    "surveillance_map.lib.replicas.ReplicaReadsMiddleware",
    "surveillance_map.lib.cacheable.PublicResponseMiddleware",
    "surveillance_map.csp.ContentSecurityPolicyMiddleware",
    "surveillance_map.inputs.UntrustedInputMiddleware",
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


def _database(url: str) -> dict:
    # Connections live across requests and are checked before reuse, so a connection the
    # server dropped (restart, failover, pg_terminate_backend) is replaced instead of failing.
    config = dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if config["ENGINE"].endswith("postgis"):
        # An unreachable server fails fast (503) instead of holding the worker.
        config.setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3)
        )
    return config


DATABASES = {"default": _database(DATABASE_URL)}
if DATABASES["default"]["ENGINE"].endswith("postgis"):
    # Parallel test runs (CI, several developers) must not share one test database.
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_surveillance_map")}
# Streaming replicas of the primary, read by tiles, the API, exports and reports (see
# surveillance_map/lib/replicas.py); writes and a writer's next reads stay on the primary.
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica{_number}"] = {**_database(_url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["surveillance_map.lib.replicas.ReplicaRouter"]
# The views whose reads may lag the primary by a moment ("namespace:*" for all of one).
REPLICA_READ_VIEWS = [
    "maps:map",
    "maps:embed",
    "maps:tile",
    "maps:version",
    "maps:cameras-in-view",
    "maps:search",
    "maps:camera",
    "maps:camera-json",
    "api:*",
    "data:*",
    "reports:*",
]
# Seconds a client that wrote reads from the primary only (read-your-writes).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 15)
# /readyz fails when a replica is further behind than this.
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 30)

# REDIS_URL holds the state every worker and machine must share: the cache (tiles, pages),
# every rate limit, and the job queue. Without it (`make run`) the cache is in process and
# jobs run at once, in process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "sm"),
            # A stalled Redis fails fast (503) rather than holding the worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds each process may reuse the data version it last read (maps/cells.py): tiles served
# from the cache then cost no database round trip; a change reaches the map within this time.
DATA_VERSION_SECONDS = env_float("DATA_VERSION_SECONDS", 1.0)
# Bytes of tiles each process keeps in memory in front of the shared cache (maps/tiles.py).
TILE_MEMORY_BYTES = env_int("TILE_MEMORY_BYTES", 32 * 1024 * 1024)
# Streamed exports read the cameras in (spatial_key, id) ranges of this many (exports/postgis.py).
EXPORT_BATCH_CAMERAS = env_int("EXPORT_BATCH_CAMERAS", 20_000)
# Seconds a 503 asks clients to wait before retrying.
RETRY_AFTER_SECONDS = env_int("RETRY_AFTER_SECONDS", 5)

# Forwarded client addresses are believed only from these proxies: a number of proxy hops in
# front of the app, or a list of their addresses/networks (surveillance_map/lib/client.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# Background jobs (surveillance_map/jobs): Celery with Redis as the broker; `celery -A
# surveillance_map worker` runs them and `celery -A surveillance_map beat` schedules them.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("JOBS_EAGER", not REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job not acknowledged within this time is handed to another worker (jobs are idempotent).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("JOBS_VISIBILITY_TIMEOUT", 7200)}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "publish-snapshot-daily": {
        "task": "exports.publish_snapshot",
        "schedule": env_int("SNAPSHOT_EVERY_SECONDS", 24 * 3600),
    },
    "apply-queued-tile-cells": {"task": "maps.apply_queued_cells", "schedule": 60},
}
# OpenStreetMap replication (imports/sync.py): with a URL set, beat runs `sync_osm --once`
# every OSM_SYNC_EVERY_SECONDS; moderators and /readyz see the lag, "late" past the limit.
OSM_REPLICATION_URL = env_str("OSM_REPLICATION_URL", "")
OSM_SYNC_EVERY_SECONDS = env_int("OSM_SYNC_EVERY_SECONDS", 60)
OSM_SYNC_MAX_LAG_SECONDS = env_int("OSM_SYNC_MAX_LAG_SECONDS", 3600)
if OSM_REPLICATION_URL:
    CELERY_BEAT_SCHEDULE["sync-openstreetmap"] = {
        "task": "imports.sync_osm",
        "schedule": OSM_SYNC_EVERY_SECONDS,
    }
# More /readyz lines (dotted paths of functions returning a string; raising marks unready).
READINESS_EXTRA_CHECKS = {
    "openstreetmap_sync": "surveillance_map.imports.replication_status.readiness_check"
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Moderator and staff logins (surveillance_map/accounts): one backend that throttles failures
# and refuses the demo login unless DEBUG; a TOTP second factor, required unless DEBUG.
AUTHENTICATION_BACKENDS = ["surveillance_map.accounts.backends.AccountBackend"]
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
OTP_TOTP_ISSUER = "Surveillance Map"
LOGIN_URL = "sightings:login"

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
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# Outside DEBUG, WhiteNoise serves the files `collectstatic` wrote: names carry a content hash,
# so they are cached for a year, and each has a gzipped twin. STATIC_HASHED=0 (tests) serves
# the source files as they are, without collectstatic.
STATIC_HASHED = env_bool("STATIC_HASHED", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_HASHED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_HASHED
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
if TRUSTED_PROXIES:
    # The proxy says whether the visitor came over https (nginx: X-Forwarded-Proto $scheme).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The basemap's tile server (upstream). Visitors' browsers never talk to it: they load tiles
# from our /basemap/ proxy (maps/basemap.py), so the page talks to no host but ours.
BASEMAP_URL = env_str("BASEMAP_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
BASEMAP_ATTRIBUTION = env_str(
    "BASEMAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
BASEMAP_MAX_ZOOM = env_int("BASEMAP_MAX_ZOOM", 19)
# Tile servers ask for a User-Agent naming the application and how to reach its operator.
BASEMAP_CONTACT_URL = env_str("BASEMAP_CONTACT_URL")
BASEMAP_CACHE_DIR = Path(env_str("BASEMAP_CACHE_DIR", str(VAR_DIR / "basemap")))
BASEMAP_CACHE_MAX_BYTES = env_int("BASEMAP_CACHE_MAX_BYTES", 512 * 1024 * 1024)
BASEMAP_TIMEOUT = env_int("BASEMAP_TIMEOUT", 10)
BASEMAP_PROXY_URL = "/basemap/{z}/{x}/{y}.png"
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (47.0, 8.0),
    "DEFAULT_ZOOM": 5,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 19,
    "TILES": [
        (
            "Map",
            BASEMAP_PROXY_URL,
            {"attribution": BASEMAP_ATTRIBUTION, "maxZoom": BASEMAP_MAX_ZOOM},
        )
    ]
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
# Decoding bounds (sightings/photos.py): memory for one photo, pixels for a whole request.
SIGHTING_DECODE_MAX_BYTES = env_int("SIGHTING_DECODE_MAX_BYTES", 96 * 1024 * 1024)
SIGHTING_DECODE_PIXELS_PER_REQUEST = env_int("SIGHTING_DECODE_PIXELS_PER_REQUEST", 24_000_000)
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
    # Every API error as {"errors": {name: [messages]}} (surveillance_map/lib/api.py).
    "EXCEPTION_HANDLER": "surveillance_map.lib.api.exception_handler",
}
# JSON request bodies (POST /api/v1/sightings/): larger is a 413, deeper a 400.
API_JSON_MAX_BYTES = env_int("API_JSON_MAX_BYTES", 64 * 1024)
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 16)
SPECTACULAR_SETTINGS = {
    "TITLE": "Surveillance Map API",
    "DESCRIPTION": "Public surveillance cameras, their operators, vendors and programs. "
    "Data licensed under ODbL-1.0.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "surveillance_map.api.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"receipts": {"()": "surveillance_map.lib.logs.RedactReceiptTokens"}},
    "formatters": {"server": {"format": "{message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["receipts"]},
        # runserver's request lines, without Django's own time stamp.
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["receipts"],
            "formatter": "server",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING").upper()},
    # No client address, user agent or time of a contribution in logs (docs/security.md): Django's
    # default error mails dump the whole request (REMOTE_ADDR, HTTP_USER_AGENT), so the
    # "django" logger only prints the message; "django.server" (runserver) prints the request
    # line and status. Receipt tokens are masked in both (lib/logs.py). See README, "Logs".
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
}

# Debian 12 ships GDAL 3.6, which cannot block file/network access from spatial reference
# strings. We only ever use EPSG:4326 and never pass user-supplied SRS text to GDAL.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
