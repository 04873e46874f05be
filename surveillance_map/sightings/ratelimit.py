"""Anonymous rate limit on sightings that never stores who asked.

The counter is keyed on `lib.client.client_key`: an HMAC of the client's address under a salt
that lives only in the shared cache and is replaced every day.
"""

from django.conf import settings

from surveillance_map.lib import ratelimit
from surveillance_map.lib.client import client_key

WINDOW_SECONDS = 3600

__all__ = ["allow", "client_key"]


def allow(request, *, scope: str = "submit", limit: int | None = None) -> bool:
    """Count one attempt; False once the client has used up the hour's allowance."""
    limit = settings.SIGHTINGS_PER_HOUR if limit is None else limit
    verdict = ratelimit.hit(
        f"sightings:{scope}", client_key(request), limit=limit, window=WINDOW_SECONDS
    )
    return verdict.allowed
