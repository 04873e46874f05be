"""A sighting's capability claims: reported unless a moderator backs them or rejects them."""

import pytest
from django.urls import reverse

from surveillance_map.cameras.models import CameraCapability
from surveillance_map.sightings import services
from surveillance_map.transparency.evidence import evidence_create
from surveillance_map.transparency.models import Evidence
from tests.factories import log_in_verified, make_moderator, make_sighting

pytestmark = pytest.mark.django_db


def _basis(camera, code):
    return CameraCapability.objects.get(camera=camera, capability__code=code).basis


def test_an_approved_evidence_less_face_recognition_claim_stays_reported_in_the_api(client):
    sighting = make_sighting(capabilities=["face_recognition", "infrared"])
    done = services.sighting_approve(sighting=sighting, moderator=make_moderator())

    detail = client.get(reverse("api:camera-detail", args=[done.camera_id])).json()
    claims = {c["code"]: c for c in detail["properties"]["capabilities"]}
    assert claims["face_recognition"]["basis"] == "reported"
    assert claims["face_recognition"]["evidence"] == []
    assert claims["infrared"]["basis"] == "reported"


def test_a_moderator_documents_one_claim_and_rejects_another_through_the_queue(client):
    moderator = make_moderator()
    log_in_verified(client, moderator)
    sighting = make_sighting(capabilities=["face_recognition", "audio", "infrared"])

    response = client.post(
        reverse("sightings:approve", args=[sighting.pk]),
        {
            "claim-face_recognition": "documented",
            "claim-audio": "reject",
            "evidence_url": "https://example.org/contract.pdf",
            "evidence_title": "Contract",
            "evidence_kind": "procurement",
        },
    )

    assert response.status_code == 302
    sighting.refresh_from_db()
    camera = sighting.camera
    assert _basis(camera, "face_recognition") == "documented"
    assert _basis(camera, "infrared") == "reported"
    assert not CameraCapability.objects.filter(camera=camera, capability__code="audio").exists()
    evidence = Evidence.objects.get(url="https://example.org/contract.pdf")
    assert evidence.camera == camera
    link = CameraCapability.objects.get(camera=camera, capability__code="face_recognition")
    assert link.evidence == [evidence.pk]


def test_documenting_without_evidence_is_refused_and_nothing_is_applied(client):
    log_in_verified(client, make_moderator())
    sighting = make_sighting(capabilities=["face_recognition"])

    client.post(
        reverse("sightings:approve", args=[sighting.pk]), {"claim-face_recognition": "documented"}
    )

    sighting.refresh_from_db()
    assert sighting.status == "pending"


def test_the_queue_marks_claims_that_need_evidence(client):
    log_in_verified(client, make_moderator())
    make_sighting(capabilities=["plate_reading"])

    page = client.get(reverse("sightings:moderation-queue")).content.decode()

    assert "needs-evidence" in page


def test_an_uploaded_document_keeps_its_sha256(tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 contract", "application/pdf")

    evidence = evidence_create(kind="procurement", title="Contract", upload=upload)

    import hashlib

    assert evidence.sha256 == hashlib.sha256(b"%PDF-1.4 contract").hexdigest()


def test_an_uploaded_document_is_downloadable_and_listed_in_the_api(client, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4 contract", "application/pdf")
    evidence = evidence_create(kind="procurement", title="Contract", upload=upload)

    record = client.get(f"/api/v1/evidence/{evidence.pk}/").json()
    response = client.get(record["document"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 contract"
    assert response["Content-Disposition"].startswith("attachment")
    assert record["sha256"] == evidence.sha256


def test_a_script_is_not_accepted_as_a_document(tmp_path, settings):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        evidence_create(
            kind="other", title="x", upload=SimpleUploadedFile("x.svg", b"<svg onload=1>")
        )
