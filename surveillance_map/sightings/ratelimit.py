"""Anonymous rate limit that never stores who asked.

The key is an HMAC of the client address under a random salt that lives only in the cache and
is replaced every day, so yesterday's counters cannot be linked to an address even by us.
"""

import hashlib
import hmac
import secrets
from datetime import date

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _daily_salt(today: date) -> bytes:
    key = f"sightings:salt:{today.isoformat()}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_bytes(32), timeout=2 * 24 * 3600)
        salt = cache.get(key)  # another worker may have won the race: use its salt
    return salt


def client_key(request, *, today: date | None = None) -> str:
    """An opaque, day-scoped key for the client; the address itself goes nowhere."""
    salt = _daily_salt(today or date.today())
    address = request.META.get("REMOTE_ADDR", "").encode()
    return hmac.new(salt, address, hashlib.sha256).hexdigest()


def allow(request, *, scope: str = "submit", limit: int | None = None) -> bool:
    """Count one attempt; False once the client has used up the hour's allowance."""
    limit = settings.SIGHTINGS_PER_HOUR if limit is None else limit
    key = f"sightings:rate:{scope}:{client_key(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= limit
