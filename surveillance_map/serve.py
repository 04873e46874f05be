"""`make serve`: the production server (gunicorn) after checking the environment.

    python -m surveillance_map.serve          # check, then replace this process by gunicorn
    python -m surveillance_map.serve --check  # check only

Refuses to start, saying what to set, unless SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostGIS)
and REDIS_URL are given and DEBUG is off. Listens on HOST:PORT with WEB_WORKERS processes of
WEB_THREADS threads each. No access log: the reverse proxy keeps one without addresses (see
deploy/nginx.conf), and nothing here may log who sent a sighting or when.
"""

import os
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

POSTGIS_SCHEMES = ("postgis", "postgres", "postgresql")
REDIS_SCHEMES = ("redis", "rediss", "unix")


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def problems(environ: Mapping[str, str]) -> list[str]:
    """What is missing or wrong in the environment for a production run (empty when fine)."""
    found = []
    key = environ.get("SECRET_KEY", "")
    if len(key) < 50 or len(set(key)) < 5:
        found.append(
            "SECRET_KEY: set a random value of at least 50 characters, e.g. "
            '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
    if not [h for h in environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]:
        found.append("ALLOWED_HOSTS: the host names the site answers to, comma-separated.")
    database = environ.get("DATABASE_URL", "")
    if urlsplit(database).scheme not in POSTGIS_SCHEMES:
        found.append(
            "DATABASE_URL: a PostGIS database, postgis://USER:PASSWORD@HOST:5432/NAME "
            "(SpatiaLite is for `make run` only)."
        )
    for number, url in enumerate(environ.get("DATABASE_REPLICA_URLS", "").split(","), 1):
        if url.strip() and urlsplit(url.strip()).scheme not in POSTGIS_SCHEMES:
            found.append(f"DATABASE_REPLICA_URLS: entry {number} is not a postgis:// URL.")
    if urlsplit(environ.get("REDIS_URL", "")).scheme not in REDIS_SCHEMES:
        found.append(
            "REDIS_URL: the shared cache, rate limits and job queue, e.g. redis://127.0.0.1:6379/0."
        )
    if environ.get("DEBUG", "").strip().lower() not in ("", "0", "false", "no", "off"):
        found.append("DEBUG: must be off in production (unset it or set DEBUG=0).")
    for name in ("PORT", "WEB_WORKERS", "WEB_THREADS"):
        value = environ.get(name, "")
        if value and not value.isdigit():
            found.append(f"{name}: a whole number, not {value!r}.")
    return found


def gunicorn_argv(environ: Mapping[str, str]) -> list[str]:
    host = environ.get("HOST") or "127.0.0.1"
    port = environ.get("PORT") or "8000"
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        "gunicorn",
        "surveillance_map.wsgi:application",
        f"--bind={bind}",
        f"--workers={environ.get('WEB_WORKERS') or default_workers()}",
        f"--threads={environ.get('WEB_THREADS') or 4}",
        "--worker-class=gthread",
        f"--timeout={environ.get('WEB_TIMEOUT') or 60}",
        "--graceful-timeout=30",
        "--keep-alive=5",
        # No recycling of workers by default: a gthread worker that restarts after max-requests
        # drops the keep-alive connections it holds, and a request in flight on one gets no
        # answer (gunicorn issue 3038; seen here as "no answer" errors under load).
        f"--max-requests={environ.get('WEB_MAX_REQUESTS') or 0}",
        "--max-requests-jitter=1000",
        # Requests arrive through the reverse proxy, which sets X-Forwarded-*; gunicorn itself
        # must not rewrite anything from them (TRUSTED_PROXIES decides in Django).
        "--forwarded-allow-ips=",
        "--error-logfile=-",
        "--no-control-socket",  # one per user by default: two servers on a machine would clash
        f"--log-level={environ.get('LOG_LEVEL', 'warning').lower()}",
    ]


def main(argv: list[str]) -> int:
    found = problems(os.environ)
    if found:
        print("make serve: cannot start in production mode. Set:", file=sys.stderr)
        for problem in found:
            print(f"  - {problem}", file=sys.stderr)
        print('See README, "Run in production".', file=sys.stderr)
        return 2
    if "--check" in argv:
        return 0
    args = gunicorn_argv(os.environ)
    executable = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execv(executable, args)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
