import io
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).parent.parent / "data"
# The real samples with their licences (tests/data/README.md).
SAMPLES = (
    ("osm_switzerland_overpass_elements.json", []),
    (
        "registry_trafford_cctv.csv",
        ["--source", "Trafford CCTV", "--licence", "OGL-3.0", "--attribution", "Trafford Council"],
    ),
    (
        "registry_trafford_cctv.geojson",
        ["--source", "Trafford CCTV GeoJSON", "--licence", "OGL-3.0"],
    ),
    (
        "community_dakar_videosurveillance.geojson",
        ["--source", "Dakar survey", "--licence", "CC0-1.0"],
    ),
)


def import_file(path, *options, report_dir):
    call_command(
        "import_cameras",
        str(path),
        *options,
        "--report",
        str(Path(report_dir) / f"{Path(path).stem}-report.csv"),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


@pytest.fixture
def samples(tmp_path):
    """All real sample files imported, as a researcher's database would hold them."""
    for name, options in SAMPLES:
        import_file(DATA / name, *options, report_dir=tmp_path)
