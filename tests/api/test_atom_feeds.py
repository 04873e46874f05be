"""Atom feeds of camera changes: per area, per map view and filters; no account needed."""

from io import StringIO
from xml.etree import ElementTree

import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command

from surveillance_map.sightings import services as sighting_services
from tests.factories import AREA_BOX, make_area, make_camera, make_moderator, make_sighting
from tests.imports.replication import ReplicationDir, node, write_pbf

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
WEST, SOUTH, EAST, NORTH = AREA_BOX
INSIDE = ((WEST + EAST) / 2, (SOUTH + NORTH) / 2)


def entries(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [
        {
            "title": e.findtext(f"{ATOM}title"),
            "updated": e.findtext(f"{ATOM}updated"),
            "summary": e.findtext(f"{ATOM}summary") or "",
        }
        for e in root.iter(f"{ATOM}entry")
    ]


def test_an_areas_feed_lists_a_camera_added_by_sync(tmp_path, client):
    area = make_area()
    call_command(
        "import_cameras",
        str(write_pbf(tmp_path / "x.pbf", [node(1, *INSIDE)])),
        "--report",
        str(tmp_path / "r.csv"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    replication = ReplicationDir(tmp_path / "replication")
    replication.add(0, [])
    replication.add(
        1,
        [node(2, INSIDE[0] + 0.001, INSIDE[1], changeset=4242, tags={"surveillance:type": "ALPR"})],
    )
    call_command("sync_osm", "--replication-url", replication.url, "--once", stdout=StringIO())
    found = entries(client, f"/areas/{area.slug}/changes.atom")
    assert found[0]["title"].startswith("New: Plate reader")
    assert "changeset 4242" in found[0]["summary"]
    assert len(found) == 2
    report = client.get(f"/areas/{area.slug}/").content.decode()
    assert f'href="/areas/{area.slug}/changes.atom"' in report


def test_a_view_feed_takes_the_bbox_and_filters(client):
    inside = make_camera(location=Point(*INSIDE, srid=4326), surveillance_type="ALPR")
    make_camera(location=Point(*INSIDE, srid=4326), surveillance_type="camera")
    make_camera(location=Point(WEST - 1, SOUTH - 1, srid=4326), surveillance_type="ALPR")
    bbox = ",".join(map(str, AREA_BOX))
    found = entries(client, f"/changes.atom?bbox={bbox}&surveillance_type=ALPR")
    assert [e["title"] for e in found] == [f"New: Plate reader (ALPR) #{inside.pk}"]
    assert client.get("/changes.atom?bbox=1,2").status_code == 400
    assert client.get("/areas/nowhere/changes.atom").status_code == 404


def test_anonymous_contributions_are_dated_to_the_day(client):
    sighting = make_sighting(location=Point(*INSIDE, srid=4326))
    sighting_services.sighting_approve(sighting=sighting, moderator=make_moderator())
    [entry] = entries(client, "/changes.atom")
    assert entry["updated"].endswith("T00:00:00+00:00") or entry["updated"].endswith("T00:00:00Z")
