"""Turn the records of a camera file into cameras, through the camera services.

Idempotent: each camera is keyed on (source, ref), so importing the same file again changes
nothing, and a changed record updates its camera with a Revision, merged with local edits
(imports/upstream.py: a conflict becomes a question for moderators). A record new to its source
is linked to the camera another source has at that place (imports/linking.py). One file is one
transaction and one ImportBatch; rejected records are reported with their place in the file and
the reason. `RecordWriter` is shared with the OpenStreetMap sync (imports/sync.py).
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from surveillance_map.cameras import bulk, services
from surveillance_map.cameras.models import STATE_FIELDS, Camera
from surveillance_map.cameras.osm_tags import (
    MARKER_KEY,
    MARKER_VALUE,
    RESOLVED_FIELDS,
    TagReading,
    read_tags,
)
from surveillance_map.cameras.services import CameraWrite
from surveillance_map.cameras.vocabularies import Basis
from surveillance_map.imports.linking import Linkable, Match, find_matches
from surveillance_map.imports.models import ImportBatch, Source, SourceRecord
from surveillance_map.imports.read_ahead import MappedRecords
from surveillance_map.imports.readers import Record, Rejection, read_records
from surveillance_map.imports.replication import file_replication_timestamp
from surveillance_map.imports.upstream import fill_blanks, merge
from surveillance_map.lib.bulk_rows import insert_rows
from surveillance_map.lib.csvcells import safe_cell
from surveillance_map.lib.gcpause import cyclic_gc_paused
from surveillance_map.maps.cells import tile_cells_queued
from surveillance_map.sightings.models import Review
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
    linked: int = 0  # records linked to a camera another source has (imports/linking.py)
    ambiguous: int = 0  # records near several: a question in the moderation queue
    conflicts: int = 0  # changes to locally edited fields: questions in the queue
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
        # Cell changes wait in a queue applied after the commit: see maps/cells.py.
        with cyclic_gc_paused(), transaction.atomic(), tile_cells_queued():
            result.batch = ImportBatch.objects.create(
                source=source, file_name=Path(path).name, file_format=stream.format
            )
            if stream.format in ("osm", "pbf"):
                result.batch.replication_timestamp = file_replication_timestamp(path)
            run = _Run(result, add_marker=stream.format not in OSM_FORMATS)
            pairs = MappedRecords(stream, run.writer.reading, Path(path))
            run.consume(pairs, progress)
            result.skipped = pairs.skipped
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
        self.writer = RecordWriter(result.batch, add_marker=add_marker)
        self.seen: dict[str, str] = {}  # ref -> where, to catch duplicate ids in one file

    def consume(
        self, pairs: Iterable[tuple[Record | Rejection, TagReading | None]], progress
    ) -> None:
        """Write the records of (item, its tags' reading) pairs (imports/read_ahead.py)."""
        chunk: list[tuple[str, Record, CameraWrite]] = []
        for item, reading in pairs:
            if isinstance(item, Rejection):
                self.result.rejections.append(item)
                continue
            self.result.records += 1
            chunk.extend(self._writes(item, reading))
            if len(chunk) >= CHUNK_SIZE:
                self._apply(chunk)
                chunk = []
            if progress and self.result.records % CHUNK_SIZE == 0:
                progress(self.result.records)
        self._apply(chunk)

    def _writes(self, record: Record, reading: TagReading) -> list[tuple[str, Record, CameraWrite]]:
        writes, warnings = self.writer.writes(record, reading)
        self.result.warnings.extend((record.where, w) for w in warnings)
        for ref, _, _ in writes:
            if ref in self.seen:
                reason = f"duplicate id {record.ref!r} (first seen at {self.seen[ref]})"
                self.result.rejections.append(Rejection(record.where, record.ref, reason))
                return []
        self.seen.update((ref, record.where) for ref, _, _ in writes)
        return writes

    def _apply(self, chunk: list[tuple[str, Record, CameraWrite]]) -> None:
        counts = self.writer.apply(chunk)
        self.result.created += counts.created
        self.result.updated += counts.updated
        self.result.unchanged += counts.unchanged
        self.result.linked += counts.linked
        self.result.ambiguous += counts.ambiguous
        self.result.conflicts += counts.conflicts


@dataclass
class Counts:
    created: int = 0
    linked: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    retired: int = 0
    ambiguous: int = 0


def upstream_of(record: Record) -> dict:
    """What SourceRecord.upstream keeps of a record: enough to rebuild its camera writes."""
    return {"lon": record.lon, "lat": record.lat, "tags": dict(record.tags)}


class RecordWriter:
    """Writes the records of one source into cameras: creates, links, merges (import and sync).

    `apply` takes (ref, record, write) triples; `origin(record)` names the record in revisions
    and reviews (a sync names the OSM changeset and version).
    """

    def __init__(self, batch: ImportBatch, *, add_marker: bool, actor_label: str = "") -> None:
        self.batch = batch
        self.add_marker = add_marker
        self.vendors = VendorResolver()
        self.operators = OperatorResolver()
        self.label = actor_label or f"import batch {batch.pk} ({batch.source.slug})"
        # Read at the first write: find_matches' bound, and whether the source had records.
        self.linkable: Linkable | None = None
        self.source_had_records: bool | None = None

    def record_name(self, record: Record) -> str:
        """The record's name, the start of every origin given for it."""
        return f"{self.batch.source.name} {record.ref}"

    def origin(self, record: Record) -> str:
        return f"{self.record_name(record)} ({record.where})"

    def upstream(self, record: Record) -> dict:
        return upstream_of(record)

    def create_reason(self, record: Record) -> str:
        return "imported"

    def reading(self, item: Record | Rejection) -> TagReading | None:
        """What a record's tags say (the OSM tag mapping). Pure: no database."""
        if isinstance(item, Rejection):
            return None
        tags = dict(item.tags)
        if self.add_marker:
            tags.setdefault(MARKER_KEY, MARKER_VALUE)
        return read_tags(tags)

    def writes(
        self, record: Record, reading: TagReading | None = None
    ) -> tuple[list[tuple[str, Record, CameraWrite]], list[str]]:
        """The camera writes one record asks for (one per camera it carries), and warnings;
        `reading` is `self.reading(record)` when the caller has it already."""
        reading = self.reading(record) if reading is None else reading
        writes = []
        for index, values in enumerate(reading.cameras):
            ref = record.ref if index == 0 else f"{record.ref}#{index + 1}"
            fields = self._fields(record, values, reading.extra_tags, reading.original_tags)
            writes.append((ref, record, CameraWrite(fields, reading.capabilities)))
        return writes, reading.warnings

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
            location=(record.lon, record.lat),  # a GEOS Point costs more than the rest
            osm_id=record.osm_id,
            extra_tags=extra_tags,
            original_tags=original,
        )
        return fields

    def apply(self, chunk: list[tuple[str, Record, CameraWrite]]) -> Counts:
        counts = Counts()
        if not chunk:
            return counts
        known = self._known([ref for ref, _, _ in chunk])
        new = [item for item in chunk if item[0] not in known]
        self._create_or_link(new, counts)
        changed = {
            ref: (record, write)
            for ref, record, write in chunk
            if ref in known and known[ref].upstream != self.upstream(record)
        }
        for ref, (record, write) in changed.items():
            # The codes the camera row keeps (capability_codes): no query of the links.
            codes = [c for c in known[ref].camera.capability_codes.split(",") if c]
            self._update(known[ref], codes, record, write, counts)
        same = [r.pk for ref, r in known.items() if ref not in changed]
        if same:
            SourceRecord.objects.filter(pk__in=same).update(last_batch=self.batch)
        counts.unchanged += len(same)
        return counts

    def _known(self, refs: list[str]) -> dict[str, SourceRecord]:
        """The source's records of these refs, with their cameras.

        Only records that stood before this run can be found: a run never writes one ref twice
        (the importer rejects a duplicate id, a diff holds each node once). So when the source
        had none, as in a first import, there is nothing to look up.
        """
        if self.source_had_records is None:
            self.source_had_records = self.batch.source.records.exists()
        if not self.source_had_records:
            return {}
        records = SourceRecord.objects.filter(source=self.batch.source, ref__in=refs)
        return {r.ref: r for r in records.select_related("camera")}

    def _create_or_link(self, new: list[tuple[str, Record, CameraWrite]], counts: Counts) -> None:
        if not new:
            return
        batch = self.batch
        if self.linkable is None:
            self.linkable = Linkable.standing_now(records=len(new))
        matches = find_matches(
            [(record.lon, record.lat, write.fields) for _, record, write in new],
            source_id=batch.source_id,
            linkable=self.linkable,
        )
        created = [(item, m) for item, m in zip(new, matches, strict=True) if not _links(m)]
        ids = []
        # One bulk write per reason: an import says "imported", a sync names each changeset.
        for reason, group in groupby(created, key=lambda c: self.create_reason(c[0][1])):
            ids += bulk.cameras_create_bulk(
                writes=[write for (_, _, write), _ in group], actor_label=self.label, reason=reason
            )
        records = [
            self._record(ref, record, camera_id)
            for ((ref, record, _), _), camera_id in zip(created, ids, strict=True)
        ]
        reviews = [
            Review(
                kind=Review.Kind.DUPLICATE,
                camera_id=camera_id,
                candidates=list(match.candidates),
                origin=self.origin(record),
            )
            for ((_, record, _), match), camera_id in zip(created, ids, strict=True)
            if match is not None
        ]
        for (ref, record, write), match in zip(new, matches, strict=True):
            if _links(match):
                records.append(self._link(ref, record, write, match.camera_id))
                counts.linked += 1
        insert_rows(SourceRecord, records)
        Review.objects.bulk_create(reviews)
        counts.created += len(ids)
        counts.ambiguous += len(reviews)

    def _record(self, ref: str, record: Record, camera_id: int, linked: str = "") -> dict:
        """A new SourceRecord row (lib/bulk_rows.py)."""
        return {
            "source_id": self.batch.source_id,
            "ref": ref,
            "camera_id": camera_id,
            "last_batch_id": self.batch.pk,
            "upstream": self.upstream(record),
            "linked": linked,
        }

    def _link(self, ref: str, record: Record, write: CameraWrite, camera_id: int) -> dict:
        """The same camera as one another source has: link, and fill what it lacks."""
        camera = Camera.objects.get(pk=camera_id)
        filled = fill_blanks(current=services.camera_state(camera), new=write)
        if filled.changes:
            services.camera_update(
                camera=camera,
                fields=filled.fields,
                capabilities=filled.capabilities,
                basis=Basis.TAGGED,  # the other source's tags
                actor_label=self.label,
                reason=f"linked to {self.origin(record)}: same place and attributes",
            )
        return self._record(ref, record, camera.pk, linked="matched")

    def _update(
        self, known: SourceRecord, codes: list[str], record: Record, write: CameraWrite, counts
    ) -> None:
        camera = known.camera
        base = self._base(known, record)
        current = services.camera_state(camera, codes)
        merged = merge(current=current, base=base, new=write)
        known.last_batch, known.upstream = self.batch, self.upstream(record)
        known.save(update_fields=["last_batch", "upstream"])
        if merged.theirs:
            self._conflict(camera, record, merged)
            counts.conflicts += 1
        if not merged.changes:
            counts.unchanged += 1
            return
        services.camera_update(
            camera=camera,
            fields=merged.fields,
            capabilities=merged.capabilities,
            basis=Basis.TAGGED,  # what a source's tags say; claims already there keep theirs
            actor_label=self.label,
            reason=f"source record changed: {self.origin(record)}",
        )
        counts.updated += 1

    def _base(self, known: SourceRecord, now: Record) -> CameraWrite | None:
        """The write the source's previous version of this record made, if it is known."""
        upstream = known.upstream or {}
        if "tags" not in upstream or upstream.get("lon") is None:
            return None
        then = Record(now.ref, upstream["lon"], upstream["lat"], upstream["tags"], now.osm_id, "")
        return next((w for ref, _, w in self.writes(then)[0] if ref == known.ref), None)

    def _conflict(self, camera: Camera, record: Record, merged) -> None:
        """Ask moderators; a newer version of a record whose question is still open
        replaces that question's upstream side instead of asking twice."""
        asked = Review.objects.filter(
            camera=camera,
            kind=Review.Kind.CONFLICT,
            status=Review.Status.OPEN,
            origin__startswith=f"{self.record_name(record)} ",
        ).first()
        if asked is None:
            asked = Review(kind=Review.Kind.CONFLICT, camera=camera)
        asked.origin, asked.ours, asked.theirs = self.origin(record), merged.ours, merged.theirs
        asked.save()


def _links(match: Match | None) -> bool:
    return match is not None and match.camera_id is not None
