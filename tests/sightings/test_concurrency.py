"""Two moderators approve the same sighting at the same moment: one camera, one clear refusal."""

import threading

import pytest
from django.db import connection

from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.sightings import services
from surveillance_map.sightings.models import ModerationAction, Sighting
from tests.factories import make_sighting, make_user


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_create_the_camera_once():
    # The services do not check permissions (views do), and rows made by migrations may have
    # been flushed by an earlier transactional test: plain users are enough here.
    alice = make_user("alice", moderator=False)
    bob = make_user("bob", moderator=False)
    sighting = make_sighting()
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def approve(moderator):
        try:
            start.wait()  # both threads, each on its own database connection, go at once
            results[moderator.username] = services.sighting_approve(
                sighting=Sighting.objects.get(pk=sighting.pk), moderator=moderator
            )
        except services.SightingAlreadyDecided as error:
            results[moderator.username] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(m,)) for m in (alice, bob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    refusals = [r for r in results.values() if isinstance(r, services.SightingAlreadyDecided)]
    approvals = [r for r in results.values() if isinstance(r, Sighting)]
    assert len(approvals) == 1 and len(refusals) == 1
    assert "already handled" in str(refusals[0])
    assert Camera.objects.count() == 1
    assert Revision.objects.count() == 1
    assert ModerationAction.objects.filter(action="approve").count() == 1
