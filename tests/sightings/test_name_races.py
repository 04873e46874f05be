"""Two moderators approve, at the same moment, sightings naming the same new operator and maker:
both succeed, and the operator and the vendor exist once."""

import threading

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from surveillance_map.cameras.models import Camera
from surveillance_map.sightings import services
from surveillance_map.sightings.models import Sighting
from surveillance_map.transparency.models import Operator, Vendor
from tests.factories import make_sighting, make_user


def _race(moderators, sightings) -> dict:
    start = threading.Barrier(len(moderators))
    results: dict[str, object] = {}

    def approve(moderator, sighting):
        try:
            start.wait()  # each thread on its own database connection, both at once
            results[moderator.username] = services.sighting_approve(
                sighting=Sighting.objects.get(pk=sighting.pk), moderator=moderator
            )
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            results[moderator.username] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=pair)
        for pair in zip(moderators, sightings, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_naming_one_new_operator_and_vendor_create_each_once():
    # The same operator in another case, the same maker in another company form.
    first, second = ("Stadtpolizei Zürich", "Dahua Technology"), ("STADTPOLIZEI ZÜRICH", "Dahua")
    moderators = [make_user("alice", moderator=False), make_user("bob", moderator=False)]
    sightings = [
        make_sighting(
            location=Point(8.5 + n / 100, 47.4, srid=4326), operator_name=op, vendor_name=maker
        )
        for n, (op, maker) in enumerate((first, second))
    ]
    results = _race(moderators, sightings)
    assert all(isinstance(r, Sighting) for r in results.values()), results
    assert Operator.objects.count() == 1 and Vendor.objects.count() == 1
    assert Camera.objects.count() == 2
    assert set(Camera.objects.values_list("operator", "vendor")) == {
        (Operator.objects.get().pk, Vendor.objects.get().pk)
    }


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_of_names_with_one_slug_get_two_slugs():
    """ "Acme!" and "Acme?" are two operators that slugify alike: no 500, two slugs."""
    moderators = [make_user("alice", moderator=False), make_user("bob", moderator=False)]
    sightings = [
        make_sighting(location=Point(8.5 + n / 100, 47.4, srid=4326), operator_name=name)
        for n, name in enumerate(("Acme!", "Acme?"))
    ]
    results = _race(moderators, sightings)
    assert all(isinstance(r, Sighting) for r in results.values()), results
    assert sorted(Operator.objects.values_list("slug", flat=True)) == ["acme", "acme-2"]
