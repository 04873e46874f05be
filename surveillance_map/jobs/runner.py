"""Queue a job and run it: retried when the failure is passing, recorded either way.

    @job_task("app.do_thing")
    def do_thing(job: Job) -> dict:  # the result, kept on the job
        ...

    enqueue(do_thing, label="Do the thing", subject="thing:12", payload={...})

A job is queued only once the transaction that asks for it commits, so the worker finds what
the job is about. Jobs must be idempotent: a worker that dies mid-job leaves it to be run again
(acks_late), and a job whose record says it is finished is not run again. A failure that
passing (the database or Redis away, a full disk) is retried with growing pauses; any other
error fails the job at once, with the error shown to moderators.
"""

import logging
from collections.abc import Callable
from functools import wraps

from celery import shared_task
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction
from django.db.models import F
from django.utils import timezone
from redis.exceptions import RedisError

from surveillance_map.jobs.models import Job

logger = logging.getLogger("surveillance_map.jobs")
TRANSIENT = (OperationalError, InterfaceError, RedisError, OSError)
PERMANENT = (FileNotFoundError, IsADirectoryError, PermissionError)
MAX_RETRIES = 5
PROGRESS_SECONDS = 24 * 3600


def enqueue(
    task, *, label: str, subject: str = "", payload: dict | None = None, anonymous=False, user=None
) -> Job:
    """Record a job and hand it to the queue when the current transaction commits."""
    job = Job.objects.create(
        task=task.name,
        label=label[:200],
        subject=subject,
        payload=payload or {},
        anonymous=anonymous,
        created_by=user,
    )
    transaction.on_commit(lambda: task.apply_async(args=[job.pk]))
    return job


def requeue(job: Job):
    """Run a failed job again (the admin's "run again")."""
    from celery import current_app

    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, message="", done=0)
    transaction.on_commit(lambda: current_app.tasks[job.task].apply_async(args=[job.pk]))


def report_progress(job: Job, done: int, total: int | None = None, message: str = "") -> None:
    """Progress others can see at once, even from inside the job's own transaction."""
    progress = {"done": done, "total": total, "message": message}
    cache.set(_progress_key(job.pk), progress, PROGRESS_SECONDS)
    if not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        Job.objects.filter(pk=job.pk).update(**progress)


def progress_of(job: Job) -> dict:
    """The freshest progress of a job: the live one while it runs, else the recorded one."""
    if not job.finished:
        live = cache.get(_progress_key(job.pk))
        if live:
            return live
    return {"done": job.done, "total": job.total, "message": job.message}


def _progress_key(job_id: int) -> str:
    return f"job:{job_id}:progress"


def _now(job: Job):
    return None if job.anonymous else timezone.now()


def _mark(job: Job, **fields) -> None:
    try:
        Job.objects.filter(pk=job.pk).update(**fields)
    except TRANSIENT:  # the database is away: the retry will record it
        logger.warning("could not record the state of job %s", job.pk)


def job_task(name: str, *, max_retries: int = MAX_RETRIES, on_failure=None):
    """Make `func(job) -> dict | None` a Celery task that runs a recorded job by its id;
    `on_failure(job)` cleans up after a job that has failed for good."""

    def decorate(func: Callable[[Job], dict | None]):
        @shared_task(name=name, bind=True, max_retries=max_retries, acks_late=True)
        @wraps(func)
        def run(task, job_id: int):
            job = Job.objects.filter(pk=job_id).first()
            if job is None or job.finished:
                return None  # done already (a second delivery), or deleted
            Job.objects.filter(pk=job.pk).update(
                state=Job.State.RUNNING, attempts=F("attempts") + 1, started_at=_now(job)
            )
            try:
                result = func(job) or {}
            except PERMANENT + (ValidationError, ValueError, ObjectDoesNotExist) as error:
                _fail(job, error, on_failure)
                return None
            except TRANSIENT as error:
                if task.request.retries >= max_retries:
                    _fail(job, error, on_failure)
                    return None
                _mark(job, state=Job.State.RETRYING, message=_describe(error))
                countdown = min(600, 15 * 2**task.request.retries)
                raise task.retry(exc=error, countdown=countdown) from error
            except Exception as error:
                logger.exception("job %s (%s) failed", job.pk, name)
                _fail(job, error, on_failure)
                return None
            _mark(job, state=Job.State.SUCCEEDED, result=result, finished_at=_now(job), message="")
            cache.delete(_progress_key(job.pk))
            return None

        return run

    return decorate


def _describe(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return f"{type(error).__name__}: {error}"


def _fail(job: Job, error: BaseException, on_failure=None) -> None:
    _mark(job, state=Job.State.FAILED, message=_describe(error), finished_at=_now(job))
    if on_failure is not None:
        try:
            on_failure(job)
        except Exception:
            logger.exception("cleaning up after job %s failed", job.pk)
