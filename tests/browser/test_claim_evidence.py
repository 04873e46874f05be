"""In a real browser: a moderator documents one claimed capability with a URL and rejects
another while approving the camera; then links cameras to a program in bulk and reverts."""

import pytest

from surveillance_map.cameras.models import Camera, CameraCapability
from surveillance_map.sightings.models import Sighting
from tests.factories import make_area, make_camera, make_program, make_sighting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_document_one_claim_and_reject_another(moderator_page, live_server):
    sighting = make_sighting(capabilities=["face_recognition", "audio"])
    page = moderator_page
    page.goto(f"{live_server.url}/moderation/{sighting.pk}/")
    assert page.locator("#claims .badge-check").count() == 2  # both need evidence
    page.check("input[name=claim-face_recognition][value=documented]")
    page.check("input[name=claim-audio][value=reject]")
    page.fill("#evidence-url", "https://example.org/council-minutes")
    page.fill("#evidence-title", "Council minutes")
    page.click("#approve-button")
    page.wait_for_url("**/moderation/**")

    camera = Sighting.objects.get().camera
    claims = dict(
        CameraCapability.objects.filter(camera=camera).values_list("capability__code", "basis")
    )
    assert claims == {"face_recognition": "documented"}


def test_bulk_attribution_and_its_revert(moderator_page, live_server):
    make_area()
    program = make_program()
    camera = make_camera()
    page = moderator_page
    page.goto(f"{live_server.url}/moderation/attributions/")
    page.select_option("#sel-area", "testville")
    page.click("#selection-form button[type=submit]")
    assert "1 camera selected" in page.inner_text("#selection-count")
    page.fill("#evidence-url", "https://example.org/contract")
    page.click("#attribution-apply")
    page.wait_for_selector("#batches form button")
    assert Camera.objects.get(pk=camera.pk).program == program

    page.click("#batches form button")
    page.wait_for_selector("#batches td:has-text('reverted')")
    assert Camera.objects.get(pk=camera.pk).program is None
