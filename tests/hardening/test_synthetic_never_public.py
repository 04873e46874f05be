"""Synthetic (benchmark) cameras, operators and vendors appear on no page, list, search or
export; the benchmarks opt in explicitly."""

import io

import pytest
from django.core.management import call_command

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Dataset
from surveillance_map.exports import records
from surveillance_map.transparency.models import Operator, Vendor
from tests.factories import make_camera, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(db):
    real = make_camera(vendor=make_vendor("Axis", country_of_origin="SE"))
    call_command("generate_cameras", "--count", "30", "--seed", "3", stdout=io.StringIO())
    synthetic = Camera.objects.filter(dataset=Dataset.SYNTHETIC).first()
    assert synthetic is not None and Vendor.objects.filter(dataset=Dataset.SYNTHETIC).exists()
    return real, synthetic


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/vendors/",
        "/api/v1/operators/",
        "/api/v1/cameras/?page_size=1000",
        "/api/v1/cameras.csv",
        "/api/v1/cameras.geojson",
        "/api/v1/changes/",
        "/vendors/",
        "/vendors/?country=CN",
        "/programs/",
        "/world/",
        "/",
        "/submit/",
    ],
)
def test_no_public_list_names_synthetic_data(client, mixed, url):
    assert "ynthetic" not in text(client, url)


@pytest.mark.parametrize("query", ["synthetic", "operator", "vendor"])
def test_search_finds_no_synthetic_data(client, mixed, query):
    assert client.get("/map/search.json", {"q": query}).json()["results"] == []


def test_synthetic_things_have_no_page(client, mixed):
    _, camera = mixed
    vendor = Vendor.objects.filter(dataset=Dataset.SYNTHETIC).first()
    operator = Operator.objects.filter(dataset=Dataset.SYNTHETIC).first()
    for url in (
        f"/cameras/{camera.pk}/",
        f"/cameras/{camera.pk}.json",
        f"/cameras/{camera.pk}/history/",
        f"/api/v1/cameras/{camera.pk}/",
        f"/vendors/{vendor.slug}/",
        f"/api/v1/vendors/{vendor.slug}/",
        f"/api/v1/operators/{operator.slug}/",
    ):
        assert client.get(url).status_code == 404, url


def test_exports_and_snapshots_leave_synthetic_data_out(mixed, tmp_path, settings):
    real, _ = mixed
    assert list(records.export_queryset(filters={}).values_list("id", flat=True)) == [real.pk]
    settings.VAR_DIR = tmp_path
    call_command("publish_dataset", stdout=io.StringIO(), stderr=io.StringIO())
    (folder,) = (tmp_path / "datasets").iterdir()
    for path in folder.iterdir():
        if path.suffix != ".gpkg" and not path.name.startswith("data-dictionary"):
            assert "ynthetic" not in path.read_text(encoding="utf-8"), path.name


def test_the_benchmarks_opt_in(mixed):
    everything = records.export_queryset(filters={}, include_synthetic=True)
    assert everything.filter(dataset=Dataset.SYNTHETIC).exists()


def test_a_sighting_naming_a_synthetic_vendor_gets_a_real_one():
    from surveillance_map.imports import synthetic
    from surveillance_map.transparency.services import VendorResolver

    (fake, *_) = synthetic.synthetic_vendors()
    vendor = VendorResolver().resolve(fake.name)
    assert vendor.pk != fake.pk and vendor.dataset == Dataset.REAL
