"""Counters for rate limits, kept in the shared cache so that every worker and machine counts
into the same one (Redis INCR is atomic; a read-modify-write list would lose counts under load).

A fixed window: the count of the current window (aligned on the clock) against the limit.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache


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
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, 1, timeout=window + 60)
        count = 1
    return Verdict(count <= limit, count, max(1, start + window - int(now)))
