"""The embedded SpatiaLite path (`make run`) works end to end.

`make test` runs this folder a second time with DATABASE_URL=spatialite:///…; on PostGIS the
same checks run as part of the main suite.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from surveillance_map.cameras.models import Camera
from tests.factories import make_camera

pytestmark = pytest.mark.django_db


def test_a_camera_and_its_revision_are_written():
    camera = make_camera(direction_from=338, direction_to=23, capabilities=["ptz"])
    assert camera.revisions.get().after["direction_from"] == 338


def test_coordinates_out_of_range_are_refused_by_the_database():
    from django.contrib.gis.geos import Point

    with pytest.raises(IntegrityError), transaction.atomic():
        Camera.objects.create(location=Point(8.5, 91))


def test_the_samples_import_and_reimport_without_change(data_dir):
    out = StringIO()
    for _ in range(2):
        call_command(
            "import_cameras",
            str(data_dir / "osm_switzerland_overpass_elements.json"),
            str(data_dir / "community_dakar_videosurveillance.geojson"),
            stdout=out,
            stderr=StringIO(),
        )
    assert Camera.objects.count() == 2147 + 103
    assert "unchanged 2,147" in out.getvalue()


def test_bbox_selection_uses_the_spatial_backend():
    from surveillance_map.cameras.selectors import camera_list

    inside = make_camera()
    make_camera(location="SRID=4326;POINT(-17.47 14.70)")
    assert list(camera_list(bbox=(8.0, 47.0, 9.0, 48.0))) == [inside]


def test_admin_login_page_renders(client):
    assert client.get("/admin/login/").status_code == 200


def test_backend_is_the_one_asked_for():
    # Guards against the smoke suite silently running on the wrong database.
    wanted = "sqlite" if os.environ["DATABASE_URL"].startswith("spatialite") else "postgresql"
    assert connection.vendor == wanted
    assert connection.ops.spatial_version


def test_the_run_writes_no_file_into_the_checkouts_var_dir():
    # A `make run` in the same checkout keeps its database and snapshots in var/: tests reading
    # them (the /data/ pages list the snapshots) would depend on what was run there last.
    from django.conf import settings

    var = Path(settings.VAR_DIR).resolve()
    assert not var.is_relative_to(Path(settings.BASE_DIR).resolve())
    assert Path(settings.MEDIA_ROOT).resolve().is_relative_to(var)
