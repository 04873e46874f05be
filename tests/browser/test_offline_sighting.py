"""Where the signal is poor: with the network cut after the submit page loaded, a sighting (with
its photo) is kept on the device, shown in a queue, and sent when the network returns."""

import pytest

from surveillance_map.sightings.models import Sighting
from tests.browser.conftest import watch_csp
from tests.browser.test_sighting_flow import photo_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAT, LON = 47.3712, 8.5390


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    blocked = watch_csp(page)
    yield page
    context.close()
    assert not blocked, blocked


def test_a_sighting_made_offline_is_sent_when_the_network_returns(
    phone, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    phone.goto(f"{live_server.url}/submit/?z=18&lat={LAT}&lon={LON}")
    # The service worker controls the page and has kept the submit page and its files.
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone.context.set_offline(True)
    phone.locator("#sm-map").tap(position={"x": 190, "y": 150})
    phone.locator("#sm-map").tap(position={"x": 190, "y": 60})  # it looks north
    phone.set_input_files("#id_photos", str(photo_file(tmp_path)))
    phone.fill("#id_note", "Under the bridge")
    phone.tap("#send")
    phone.wait_for_selector("#offline-list li")
    assert "1 photo" in phone.inner_text("#offline-list")
    assert "offline" in phone.inner_text("#offline-status")
    assert not Sighting.objects.exists()

    # The page, reloaded without a network, still works from the service worker's cache.
    phone.reload()
    phone.wait_for_selector("#offline-list li")

    phone.context.set_offline(False)
    phone.wait_for_selector("#offline-status a")
    sighting = Sighting.objects.get()
    assert (sighting.note, sighting.photos.count()) == ("Under the bridge", 1)
    assert sighting.direction in (359, 0, 1)
    assert abs(sighting.location.y - LAT) < 0.001
    assert phone.locator("#offline-list li").count() == 0
    # The link leads to the receipt.
    phone.click("#offline-status a")
    phone.wait_for_selector("#receipt-address")


def test_the_queue_can_be_cleared(phone, live_server):
    phone.goto(f"{live_server.url}/submit/?z=18&lat={LAT}&lon={LON}")
    phone.wait_for_function("() => window.submitMap !== undefined")
    phone.context.set_offline(True)
    phone.locator("#sm-map").tap(position={"x": 190, "y": 150})
    phone.tap("#send")
    phone.wait_for_selector("#offline-list li")
    phone.tap("#offline-clear")
    phone.wait_for_function("() => !document.querySelector('#offline-list li')")
    phone.context.set_offline(False)
    phone.reload()
    assert phone.locator("#offline-queue").is_hidden()
    assert not Sighting.objects.exists()
