"""The keys in the default cache, whichever backend the run uses (Redis or in-process)."""

from django.core.cache import cache


def cache_keys() -> list[str]:
    client = cache._cache
    if hasattr(client, "get_client"):  # RedisCache
        return [key.decode() for key in client.get_client().scan_iter("*")]
    return list(client.keys())  # LocMemCache
