"""Rate limits that never keep a client's address (docs/security.md)."""

import hashlib
import hmac
from datetime import UTC, datetime

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class HashedAnonRateThrottle(AnonRateThrottle):
    """Keys the anonymous rate on a keyed hash of the address whose salt changes daily."""

    def get_ident(self, request) -> str:
        salt = f"{settings.SECRET_KEY}:{datetime.now(UTC).date().isoformat()}"
        address = super().get_ident(request)
        return hmac.new(salt.encode(), address.encode(), hashlib.sha256).hexdigest()
