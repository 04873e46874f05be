"""Login throttling per account and per client address, counted in the shared cache.

Failed passwords and failed one-time codes both count. An account name is locked after
LOGIN_FAILURES_PER_ACCOUNT failures, a client address after LOGIN_FAILURES_PER_ADDRESS (which
catches one address trying many names), each for LOGIN_LOCKOUT_SECONDS from its first failure.
Counters are kept for any name typed, existing or not, so a lockout tells nothing about which
accounts exist. The client address is the one every rate limit counts by (lib/client.py: the
forwarded address only as far as trusted proxies vouch for it). The counters live in the
shared cache (Redis in production), keyed by hashes: neither a name nor an address is written
anywhere.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from surveillance_map.lib.client import client_address

PREFIX = "accounts:login-failures"


def _key(kind: str, value: str) -> str:
    return f"{PREFIX}:{kind}:{salted_hmac(PREFIX, f'{kind}:{value}').hexdigest()}"


def _keys(request, username: str) -> list[tuple[str, int]]:
    keys = [(_key("account", username.strip().casefold()), settings.LOGIN_FAILURES_PER_ACCOUNT)]
    address = client_address(request) if request is not None else ""
    if address:
        keys.append((_key("address", address), settings.LOGIN_FAILURES_PER_ADDRESS))
    return keys


def locked(request, username: str) -> bool:
    """Whether this account name or this client has used up its failures."""
    counts = cache.get_many([key for key, _ in _keys(request, username)])
    return any(counts.get(key, 0) >= limit for key, limit in _keys(request, username))


def record_failure(request, username: str) -> None:
    for key, _ in _keys(request, username):
        cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def forget_account(username: str) -> None:
    """A successful login clears the account's count (never the address's)."""
    cache.delete(_key("account", username.strip().casefold()))
