from pathlib import Path

import pytest
from django.utils import translation

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _default_language():
    """LocaleMiddleware activates a request's language for the whole thread: a request in
    Spanish must not leave later tests (which call functions directly) speaking Spanish."""
    yield
    translation.deactivate()


@pytest.fixture
def data_dir() -> Path:
    """Real public sample files (see tests/data/README.md for their licences)."""
    return DATA
