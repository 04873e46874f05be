"""Read replicas: which database a read goes to.

Reads that may lag the primary by a moment go to a streaming replica: tiles, API reads,
exports and report pages (settings.REPLICA_READ_VIEWS, by URL name). Everything else reads the
primary: writes, moderation, a submitter's receipt, sessions and users, and any read inside a
transaction on the primary. A client that has just written (any POST, PUT, PATCH or DELETE)
gets a short-lived cookie and reads from the primary for REPLICA_PIN_SECONDS, so a moderator
sees their approval on the map at once (read-your-writes).

One replica is chosen per request, so a page never mixes two replicas' states. Raw SQL that
should follow the same choice uses `read_connection()` instead of `django.db.connection`.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections

PIN_COOKIE = "sm_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Tables read from the primary always: logins and sessions must see their own writes.
PRIMARY_APPS = frozenset({"auth", "sessions", "contenttypes", "admin", "jobs"})

_read_alias: ContextVar[str | None] = ContextVar("replica_read_alias", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def read_alias() -> str:
    """The database this request reads from: its replica, or the primary."""
    alias = _read_alias.get()
    if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return alias


def read_connection():
    return connections[read_alias()]


def replica_view(match) -> bool:
    """Whether the resolved URL is one whose reads may come from a replica."""
    if match is None:
        return False
    names = settings.REPLICA_READ_VIEWS
    return match.view_name in names or any(
        namespace + ":*" in names for namespace in match.namespaces
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_APPS:
            return DEFAULT_DB_ALIAS
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return not db.startswith("replica")


class ReplicaReadsMiddleware:
    """Picks the request's replica when its view may read one, and pins writers to the
    primary for a moment after each write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _read_alias.set(None)
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_aliases():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        aliases = replica_aliases()
        if (
            aliases
            and request.method in SAFE_METHODS
            and PIN_COOKIE not in request.COOKIES
            and replica_view(request.resolver_match)
        ):
            _read_alias.set(random.choice(aliases))


def _forget_replica(**kwargs) -> None:
    # After the response is closed (a streamed export has been read to its end).
    _read_alias.set(None)


request_finished.connect(_forget_replica)
