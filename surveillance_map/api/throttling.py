"""Rate limits that never keep a client's address (docs/security.md)."""

from rest_framework.throttling import AnonRateThrottle

from surveillance_map.lib import ratelimit
from surveillance_map.lib.client import client_key


class HashedAnonRateThrottle(AnonRateThrottle):
    """The anonymous API rate, counted in the shared cache on a daily-salted hash of the
    client's address (as the trusted proxies report it: `lib.client`)."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.verdict = ratelimit.hit(
            self.scope, client_key(request), limit=self.num_requests, window=self.duration
        )
        return self.verdict.allowed

    def wait(self) -> float:
        return self.verdict.retry_after
