from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    """Real public sample files (see tests/data/README.md for their licences)."""
    return DATA
