import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The world view is cached per data version, and a rolled-back test leaves the version
    where it found it: the next test could otherwise be served the last one's countries."""
    cache.clear()
    yield
    cache.clear()
