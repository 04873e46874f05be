"""The client's address, the one every rate limit counts by, and an opaque key made from it.

Behind a reverse proxy every request comes from the proxy, and the visitor's address is in
`X-Forwarded-For`, a header anyone can also write. So the header is believed only as far as
trusted proxies wrote it (settings.TRUSTED_PROXIES):

- a list of addresses or networks ("127.0.0.1,10.0.0.0/8"): the header is read only when the
  request came from one of them, right to left, and the first address that is not a trusted
  proxy is the client;
- a number of hops ("1" for nginx alone, "2" for a CDN in front of nginx): the client is that
  many entries from the right. Use it only when the app cannot be reached but through them.

With neither, the header is ignored: the client is the connection's address.
"""

import hashlib
import hmac
import ipaddress
import secrets
from datetime import UTC, date, datetime
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _parse(entries: tuple[str, ...]) -> int | tuple[Network, ...]:
    if len(entries) == 1 and entries[0].isdigit():
        return int(entries[0])
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ValueError(
            f"TRUSTED_PROXIES: {error} (give a number of hops or addresses/networks)"
        ) from None


def trusted_proxies() -> int | tuple[Network, ...]:
    """The parsed setting: a hop count, or the trusted networks (empty: trust no header)."""
    return _parse(tuple(settings.TRUSTED_PROXIES))


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    """The visitor's address as far as the trusted proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = trusted_proxies()
    if not trusted:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if isinstance(trusted, int):
        chain = [*forwarded, remote]
        candidate = chain[-(trusted + 1)] if len(chain) > trusted else chain[0]
        return str(_ip(candidate) or remote)
    if not _is_trusted(_ip(remote), trusted):
        return remote
    for entry in reversed(forwarded):
        address = _ip(entry)
        if address is None:  # garbage a trusted proxy passed on: stop at the proxy
            return remote
        if not _is_trusted(address, trusted):
            return str(address)
    return str(_ip(forwarded[0])) if forwarded else remote


def _daily_salt(today: date) -> bytes:
    key = f"client:salt:{today.isoformat()}"
    salt = shared_cache.get(key)
    if salt is None:
        shared_cache.add(key, secrets.token_bytes(32), timeout=2 * 24 * 3600)
        salt = shared_cache.get(key)  # another worker may have won the race: use its salt
    return salt


def client_key(request, *, today: date | None = None) -> str:
    """An opaque, day-scoped key for the client; the address itself is stored nowhere.

    It is an HMAC of the address under a random salt that lives only in the shared cache and
    is replaced every day, so yesterday's counters cannot be linked to an address even by us.
    """
    salt = _daily_salt(today or datetime.now(UTC).date())
    return hmac.new(salt, client_address(request).encode(), hashlib.sha256).hexdigest()
