"""Jobs are recorded, retried when the failure passes, failed for good otherwise, and never
run twice; moderators see the failures."""

import pytest
from django.db import OperationalError

from surveillance_map.jobs.models import Job
from surveillance_map.jobs.runner import enqueue, job_task
from tests.factories import log_in_verified, make_user

pytestmark = pytest.mark.django_db
calls: list[int] = []


@job_task("tests.flaky", max_retries=3)
def flaky(job: Job) -> dict:
    calls.append(job.pk)
    if len(calls) < 3:
        raise OperationalError("server closed the connection unexpectedly")
    return {"tries": len(calls)}


@job_task("tests.broken")
def broken(job: Job) -> dict:
    raise ValueError("column map names no latitude column")


@job_task("tests.counted")
def counted(job: Job) -> dict:
    calls.append(job.pk)
    return {}


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


def test_a_passing_failure_is_retried_until_the_job_succeeds(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(flaky, label="Flaky")
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.result == {"tries": 3}
    assert job.attempts == 3


def test_a_real_error_fails_the_job_at_once_with_its_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(broken, label="Import of cameras.csv")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.attempts == 1
    assert "no latitude column" in job.message


def test_a_finished_job_is_not_run_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(counted, label="Once")
    counted.apply(args=[job.pk])  # a second delivery of the same job
    assert calls == [job.pk]


def test_moderators_see_failed_jobs_in_the_queue(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(broken, label="Import of cameras.csv")
    log_in_verified(client, make_user("alice", moderator=True))
    page = client.get("/moderation/").content.decode()
    assert "Failed background jobs" in page and "no latitude column" in page
