"""Counters for rate limits, kept in the shared cache so that every worker and machine counts
into the same one (Redis INCR is atomic; a read-modify-write list would lose counts under load).

A fixed window: the count of the current window (aligned on the clock) against the limit.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends


def hit(scope: str, ident: str, *, limit: int, window: int, now: float | None = None) -> Verdict:
    """Count one attempt of `ident` in `scope`; not allowed once over `limit` in the window."""
    now = time.time() if now is None else now
    start = int(now // window * window)
    key = f"ratelimit:{scope}:{ident}:{start}"
    count = _count(key, timeout=window + 60)
    return Verdict(count <= limit, count, max(1, start + window - int(now)))


def _count(key: str, *, timeout: int) -> int:
    """Add one to the counter `key` and return it: on Redis in one round trip (INCR and
    EXPIRE pipelined; each hit renews the expiry, harmless on a window's own key)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        name = backend.make_and_validate_key(key)
        with backend._cache.get_client(name, write=True).pipeline() as pipe:
            count, _ = pipe.incr(name).expire(name, timeout).execute()
        return count
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1
