"""`/healthz` and `/readyz` for load balancers and process supervisors.

`/healthz`: the process is up and answering (nothing else is touched). `/readyz`: this process
can serve: the database answers, the shared cache (Redis) answers, every migration is applied
and each read replica is less than REPLICA_MAX_LAG_SECONDS behind; READINESS_EXTRA_CHECKS add
lines (the OpenStreetMap sync's lag). 200 or 503 with the checks
as JSON. Answered first thing, before the host check and the https redirect: probes come by
address and over plain http.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.module_loading import import_string

from surveillance_map.lib.replicas import replica_aliases

LAG_SQL = """
SELECT CASE WHEN pg_last_wal_receive_lsn() IS NULL
                 OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END
"""
_migrated = False


def _database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _cache() -> str:
    cache.set("readyz", 1, 10)
    if cache.get("readyz") != 1:
        raise RuntimeError("the cache did not keep a value")
    return "ok"


def _migrations() -> str:
    global _migrated
    if not _migrated:  # once applied they stay applied: check until then only
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise RuntimeError(f"{len(plan)} migration(s) not applied: run manage.py migrate")
        _migrated = True
    return "ok"


def replica_lag(alias: str) -> float:
    """Seconds the replica's replay is behind its primary (0 when it has replayed all)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0] or 0)


def _replica(alias: str) -> str:
    lag = replica_lag(alias)
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        raise RuntimeError(f"{lag:.0f} s behind (limit {settings.REPLICA_MAX_LAG_SECONDS} s)")
    return f"ok, {lag:.1f} s behind"


def readiness() -> tuple[bool, dict[str, str]]:
    checks = {"database": _database, "cache": _cache, "migrations": _migrations}
    checks.update({alias: (lambda a=alias: _replica(a)) for alias in replica_aliases()})
    # Checks of apps above lib (the OSM sync's lag), named in settings.
    checks.update(
        {name: import_string(path) for name, path in settings.READINESS_EXTRA_CHECKS.items()}
    )
    results, ready = {}, True
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception as error:  # a probe reports every failure, it never raises
            ready = False
            # Our own findings in full; a driver's message may name internal hosts.
            detail = f": {error}" if isinstance(error, RuntimeError) else ""
            results[name] = f"failed: {type(error).__name__}{detail}"
    return ready, results


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "up"}, headers={"Cache-Control": "no-store"})
        if request.path == "/readyz":
            ready, checks = readiness()
            return JsonResponse(
                {"status": "ready" if ready else "unready", "checks": checks},
                status=200 if ready else 503,
                headers={"Cache-Control": "no-store"},
            )
        return self.get_response(request)
