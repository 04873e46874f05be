"""/cameras/<id>/: every field, capabilities with evidence, history, and the JSON record."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Dataset
from surveillance_map.transparency.models import Evidence
from tests.factories import make_camera, make_operator, make_vendor

pytestmark = pytest.mark.django_db


def test_the_camera_page_shows_who_made_it_and_what_backs_each_capability(client):
    camera = make_camera(
        vendor=make_vendor("Hikvision", country_of_origin="CN"),
        operator=make_operator("Stadtpolizei"),
        capabilities=["face_recognition", "ptz"],
        last_verified=datetime.date(2026, 1, 5),
    )
    Evidence.objects.create(
        camera=camera,
        kind="procurement",
        title="Tender 2024/17",
        url="https://example.org/tender",
        supports=["face_recognition"],
    )
    page = client.get(f"/cameras/{camera.pk}/").content.decode()
    assert "Hikvision" in page and "country of origin CN" in page
    assert "Stadtpolizei" in page
    assert "Tender 2024/17" in page
    ptz = page.split("Pan-tilt-zoom</strong>")[1].split("</li>")[0]
    assert "Tagged by a source" in ptz and "no evidence recorded yet" in ptz
    assert "2026-01-05" in page
    assert f"/cameras/{camera.pk}.json" in page


def test_the_history_lists_every_revision(client):
    camera = make_camera(name="Gate")
    services.camera_update(camera=camera, fields={"height": 4.5}, actor_label="import #7")
    page = client.get(f"/cameras/{camera.pk}/").content.decode()
    assert "import #7" in page
    assert ">Height<" in page  # the field as a reader names it, not "height"


def test_contributed_text_is_escaped(client):
    camera = make_camera(name="<script>alert(1)</script>", extra_tags={"note": "<img src=x>"})
    page = client.get(f"/cameras/{camera.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x>" not in page


def test_the_json_record_has_the_names_it_refers_to(client):
    camera = make_camera(vendor=make_vendor("Axis", country_of_origin="SE"), capabilities=["ptz"])
    record = client.get(f"/cameras/{camera.pk}.json").json()
    assert record["id"] == camera.pk
    assert record["vendor"] == {"name": "Axis", "slug": "axis", "country_of_origin": "SE"}
    assert record["capabilities"] == ["ptz"]
    assert record["operator"] is None


def test_synthetic_and_missing_cameras_are_404(client):
    synthetic = make_camera(dataset=Dataset.SYNTHETIC)
    assert client.get(f"/cameras/{synthetic.pk}/").status_code == 404
    assert client.get(f"/cameras/{synthetic.pk}.json").status_code == 404
    assert client.get("/cameras/999999/").status_code == 404


def test_only_published_photos_are_shown(client):
    from surveillance_map.sightings.models import Sighting, SightingPhoto

    camera = make_camera()
    sighting = Sighting.objects.create(
        camera=camera, location=camera.location, submitted_on=datetime.date(2026, 1, 1)
    )
    shown = SightingPhoto.objects.create(
        sighting=sighting, image="a.jpg", thumbnail="a-t.jpg", width=8, height=6, public=True
    )
    SightingPhoto.objects.create(
        sighting=sighting, image="b.jpg", thumbnail="b-t.jpg", width=8, height=6, public=False
    )
    photos = client.get(f"/cameras/{camera.pk}.json").json()["photos"]
    assert [p["thumbnail"] for p in photos] == [f"/photos/{shown.pk}/thumb.jpg"]
    assert f"/photos/{shown.pk}/thumb.jpg" in client.get(f"/cameras/{camera.pk}/").content.decode()


def test_the_page_credits_each_dataset_that_reported_the_camera(client, tmp_path):
    osm = tmp_path / "one.osm"
    osm.write_text(
        '<osm version="0.6"><node id="77" lat="47.37" lon="8.54">'
        '<tag k="man_made" v="surveillance"/></node></osm>'
    )
    call_command("import_cameras", str(osm), stdout=StringIO(), stderr=StringIO())
    camera = Camera.objects.get(osm_id=77)
    text = client.get(f"/cameras/{camera.pk}/").content.decode()
    assert "OpenStreetMap</a>" in text
    assert "(ODbL-1.0) — © OpenStreetMap contributors." in text
    assert "Record node/77, last imported on" in text
    assert "No sources recorded" not in text


def test_the_report_links_appear_once_under_seen_it(client):
    camera = make_camera()
    page = client.get(f"/cameras/{camera.pk}/").content.decode()
    for kind in ("confirm", "edit", "gone"):
        assert page.count(f"?camera={camera.pk}&amp;kind={kind}") == 1
    assert page.index("Seen it?") < page.index("kind=confirm")
