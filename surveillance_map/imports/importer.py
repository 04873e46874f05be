"""Turn the records of a camera file into cameras, through the camera services.

Idempotent: each camera is keyed on (source, ref), so importing the same file again changes
nothing, and a changed record updates its camera with a Revision. One file is one transaction
and one ImportBatch; rejected records are reported with their place in the file and the reason.
"""

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from surveillance_map.cameras import services
from surveillance_map.cameras.models import STATE_FIELDS, Camera, CameraCapability
from surveillance_map.cameras.osm_tags import MARKER_KEY, MARKER_VALUE, RESOLVED_FIELDS, read_tags
from surveillance_map.cameras.services import CameraWrite
from surveillance_map.cameras.vocabularies import Basis
from surveillance_map.imports.models import ImportBatch, Source, SourceRecord
from surveillance_map.imports.readers import Record, Rejection, read_records
from surveillance_map.lib.csvcells import safe_cell
from surveillance_map.transparency.services import OperatorResolver, VendorResolver

# Records written per round trip: bigger chunks mean fewer statements (and fewer runs of the
# per-statement tile-cell triggers) at a few MB of memory each.
CHUNK_SIZE = 5000
OSM_FORMATS = ("osm", "pbf", "overpass")
# The camera fields a source sets; status and program are the moderators' to decide, and the
# claims' bases follow from the links (services set them).
IMPORTED_FIELDS = [
    {"operator_id": "operator", "vendor_id": "vendor"}.get(f, f)
    for f in STATE_FIELDS
    if f not in ("status", "program_id", "dataset", "claim_evidence") and not f.endswith("_basis")
]
_EMPTY = {name: None if Camera._meta.get_field(name).null else "" for name in IMPORTED_FIELDS}
_EMPTY.update(extra_tags={}, original_tags={})


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class ImportResult:
    batch: ImportBatch
    file_format: str
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (where, message)
    dry_run: bool = False


def import_file(
    path: str | Path,
    *,
    source: Source,
    fmt: str = "auto",
    column_map: dict[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file; raises readers.UnreadableFile when the file itself cannot be read."""
    stream = read_records(path, fmt, column_map)
    result = ImportResult(batch=None, file_format=stream.format, dry_run=dry_run)
    try:
        with transaction.atomic():
            result.batch = ImportBatch.objects.create(
                source=source, file_name=Path(path).name, file_format=stream.format
            )
            _Run(result, add_marker=stream.format not in OSM_FORMATS).consume(stream, progress)
            result.skipped = stream.skipped
            _finish_batch(result)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def _finish_batch(result: ImportResult) -> None:
    batch = result.batch
    batch.created, batch.updated = result.created, result.updated
    batch.unchanged, batch.rejected = result.unchanged, len(result.rejections)
    batch.finished_at = timezone.now()
    batch.save()


def write_report(result: ImportResult, path: Path) -> None:
    """Write rejected records and mapping warnings as CSV: kind, where, ref, reason."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["kind", "where", "ref", "reason"])
        for rejection in result.rejections:
            row = ["rejected", rejection.where, rejection.ref or "", rejection.reason]
            writer.writerow([safe_cell(cell) for cell in row])
        for where, message in result.warnings:
            writer.writerow([safe_cell(cell) for cell in ["warning", where, "", message]])


class _Run:
    def __init__(self, result: ImportResult, *, add_marker: bool) -> None:
        self.result = result
        self.add_marker = add_marker
        self.vendors = VendorResolver()
        self.operators = OperatorResolver()
        self.seen: dict[str, str] = {}  # ref -> where, to catch duplicate ids in one file
        self.label = f"import batch {result.batch.pk} ({result.batch.source.slug})"

    def consume(self, items: Iterable[Record | Rejection], progress) -> None:
        chunk: list[tuple[str, Record, CameraWrite]] = []
        for item in items:
            if isinstance(item, Rejection):
                self.result.rejections.append(item)
                continue
            self.result.records += 1
            chunk.extend(self._writes(item))
            if len(chunk) >= CHUNK_SIZE:
                self._apply(chunk)
                chunk = []
            if progress and self.result.records % CHUNK_SIZE == 0:
                progress(self.result.records)
        self._apply(chunk)

    def _writes(self, record: Record) -> list[tuple[str, Record, CameraWrite]]:
        """The camera writes one record asks for: one per camera the record carries."""
        tags = dict(record.tags)
        if self.add_marker:
            tags.setdefault(MARKER_KEY, MARKER_VALUE)
        reading = read_tags(tags)
        self.result.warnings.extend((record.where, w) for w in reading.warnings)
        writes = []
        for index, values in enumerate(reading.cameras):
            ref = record.ref if index == 0 else f"{record.ref}#{index + 1}"
            if ref in self.seen:
                reason = f"duplicate id {record.ref!r} (first seen at {self.seen[ref]})"
                self.result.rejections.append(Rejection(record.where, record.ref, reason))
                return []
            self.seen[ref] = record.where
            fields = self._fields(record, values, reading.extra_tags, reading.original_tags)
            writes.append((ref, record, CameraWrite(fields, reading.capabilities)))
        return writes

    def _fields(self, record: Record, values: dict, extra_tags: dict, original: dict) -> dict:
        # Every imported field is set, so a value dropped from the source is cleared here too.
        fields = {name: _EMPTY[name] for name in IMPORTED_FIELDS}
        fields.update((k, v) for k, v in values.items() if k not in RESOLVED_FIELDS)
        fields["operator"] = self.operators.resolve(
            values.get("operator_name", ""),
            values.get("operator_type", ""),
            values.get("operator_wikidata", ""),
        )
        # Only `manufacturer` names the maker: on shops and banks `brand` is the operator's brand.
        fields["vendor"] = self.vendors.resolve(
            values.get("manufacturer", ""), values.get("manufacturer_wikidata", "")
        )
        fields.update(
            location=Point(record.lon, record.lat, srid=4326),
            osm_id=record.osm_id,
            extra_tags=extra_tags,
            original_tags=original,
        )
        return fields

    def _apply(self, chunk: list[tuple[str, Record, CameraWrite]]) -> None:
        if not chunk:
            return
        batch = self.result.batch
        known = {
            r.ref: r
            for r in SourceRecord.objects.filter(
                source=batch.source, ref__in=[ref for ref, _, _ in chunk]
            ).select_related("camera")
        }
        codes = _capability_codes([r.camera_id for r in known.values()])
        new = [(ref, write) for ref, _, write in chunk if ref not in known]
        cameras = services.cameras_create_bulk(
            writes=[w for _, w in new], actor_label=self.label, reason="imported"
        )
        SourceRecord.objects.bulk_create(
            [
                SourceRecord(source=batch.source, ref=ref, camera=camera, last_batch=batch)
                for (ref, _), camera in zip(new, cameras, strict=True)
            ]
        )
        self.result.created += len(cameras)
        for ref, record, write in chunk:
            if ref in known:
                camera = known[ref].camera
                self._update(camera, codes[camera.pk], record, write)
        SourceRecord.objects.filter(pk__in=[r.pk for r in known.values()]).update(last_batch=batch)

    def _update(self, camera: Camera, codes: list[str], record: Record, write: CameraWrite) -> None:
        before = services.camera_state(camera, codes)
        for name, value in write.fields.items():
            setattr(camera, name, value)
        if services.camera_state(camera, write.capabilities) == before:
            self.result.unchanged += 1
            return
        services.camera_update(
            camera=camera,
            fields=write.fields,
            capabilities=write.capabilities,
            basis=Basis.TAGGED,  # what a source's tags say; claims already there keep theirs
            actor_label=self.label,
            reason=f"source record changed ({record.where})",
        )
        self.result.updated += 1


def _capability_codes(camera_ids: list[int]) -> defaultdict[int, list[str]]:
    """Capability codes per camera in one query (a prefetch builds a queryset per camera)."""
    codes = defaultdict(list)
    links = CameraCapability.objects.filter(camera_id__in=camera_ids)
    for camera_id, code in links.values_list("camera_id", "capability__code"):
        codes[camera_id].append(code)
    return codes
