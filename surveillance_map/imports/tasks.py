"""The import job: a camera file uploaded by a moderator in the admin, imported by a worker
with the same importer as `manage.py import_cameras`, with progress and the rejection report;
and the scheduled OpenStreetMap sync (`manage.py sync_osm --once`, run by Celery beat).
"""

import logging
import shutil
import tempfile
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from surveillance_map.imports.importer import import_file, write_report
from surveillance_map.imports.models import ImportBatch, Source
from surveillance_map.imports.readers import UnreadableFile, parse_column_map
from surveillance_map.imports.replication import ReplicationError
from surveillance_map.imports.sync import SyncRefused, sync
from surveillance_map.jobs.models import Job
from surveillance_map.jobs.runner import job_task, report_progress

logger = logging.getLogger("surveillance_map.imports")
IMPORT_TASK = "imports.import_upload"
SHOWN_REJECTIONS = 200  # in the job's page; the CSV report has them all


def discard_upload(job: Job) -> None:
    default_storage.delete(job.payload["file"])


def _local_copy(name: str, folder: Path) -> Path:
    """A local path to the stored upload, named as uploaded (the reader looks at the suffix)."""
    path = folder / Path(name).name
    with default_storage.open(name, "rb") as source, path.open("wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)
    return path


@job_task(IMPORT_TASK, on_failure=discard_upload)
def import_upload(job: Job) -> dict:
    options = job.payload
    source = Source.objects.get(pk=options["source"])
    with tempfile.TemporaryDirectory() as folder:
        path = _local_copy(options["file"], Path(folder))
        try:
            result = import_file(
                path,
                source=source,
                fmt=options["format"],
                column_map=parse_column_map(options["map"]),
                dry_run=options["dry_run"],
                progress=lambda n: report_progress(job, n, message=f"{n:,} records read"),
            )
        except UnreadableFile as error:
            raise ValueError(f"The file cannot be read: {error}") from None
    report = Path(settings.VAR_DIR) / "import-reports" / f"{result.batch.pk}-{path.stem}.csv"
    write_report(result, report)
    if not result.dry_run:
        ImportBatch.objects.filter(pk=result.batch.pk).update(report_path=str(report))
    discard_upload(job)
    return {
        "file": path.name,
        "format": result.file_format,
        "dry run": "yes — nothing saved" if result.dry_run else "no",
        "records": result.records,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": len(result.rejections),
        "warnings": len(result.warnings),
        "report_path": str(report),
        "report_url": reverse("admin:imports_importbatch_report", args=[job.pk]),
        "rejections": [
            [r.where, r.ref or "", r.reason] for r in result.rejections[:SHOWN_REJECTIONS]
        ],
    }


@shared_task(name="imports.sync_osm", acks_late=True, ignore_result=True)
def sync_osm_task() -> None:
    """Scheduled by Celery beat when OSM_REPLICATION_URL is set: catch up and stop."""
    if not settings.OSM_REPLICATION_URL:
        return
    try:
        sync(url=settings.OSM_REPLICATION_URL, once=True)
    except SyncRefused as error:  # e.g. another run applied the diff first
        logger.warning("sync_osm: %s", error)
    except ReplicationError as error:  # the next run tries again; the lag shows meanwhile
        logger.error("sync_osm stopped: %s", error)
