"""Follow OpenStreetMap's replication diffs: new, changed and deleted surveillance nodes.

Each diff is read whole (a corrupt one fails before anything is written), then applied in one
transaction with the new sequence number, so a failure leaves the stored sequence where it was.
Re-applying a diff changes nothing: a node whose version we already hold is skipped. New
nodes go through the importer's writer (same tag mapping, several cameras per node, linking to
the camera another source has there); changed ones are merged with local edits; deleted ones,
or ones that lost `man_made=surveillance`, retire their cameras.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from surveillance_map.cameras import services
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Status
from surveillance_map.imports.importer import Counts, RecordWriter
from surveillance_map.imports.models import (
    ImportBatch,
    ReplicationState,
    Source,
    SourceRecord,
    osm_source,
)
from surveillance_map.imports.readers import Record
from surveillance_map.imports.replication import NodeChange, Replication, ReplicationError

SYNC_LABEL = "OpenStreetMap sync"
POLL_SECONDS = 60


class SyncRefused(ReplicationError):
    """The sync cannot know where to start, or was asked to go backwards."""


@dataclass
class DiffResult:
    sequence: int
    timestamp: object
    nodes: int
    counts: Counts


@dataclass
class SyncSummary:
    first: int | None = None
    last: int | None = None
    newest: int | None = None
    diffs: list[DiffResult] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(d.counts, name) for d in self.diffs)


class _SyncWriter(RecordWriter):
    """The importer's writer, naming each node's changeset and version."""

    def __init__(self, batch: ImportBatch, changes: dict[int, NodeChange]) -> None:
        super().__init__(batch, add_marker=False, actor_label=SYNC_LABEL)
        self.changes = changes

    def _change(self, record: Record) -> NodeChange:
        return self.changes[record.osm_id]

    def origin(self, record: Record) -> str:
        change = self._change(record)
        return f"{self.record_name(record)} v{change.version}, changeset {change.changeset}"

    def create_reason(self, record: Record) -> str:
        return f"new in {self.origin(record)}"

    def upstream(self, record: Record) -> dict:
        change = self._change(record)
        return super().upstream(record) | {"version": change.version, "changeset": change.changeset}


def _start(replication: Replication, source: Source, state, start: int | None, url: str) -> int:
    if start is not None:
        if state is not None and start <= state.sequence:
            raise SyncRefused(
                f"sequence {start} is not newer than the stored state (sequence "
                f"{state.sequence}): diffs already applied are not applied again"
            )
        return start
    if state is not None:
        if state.url.rstrip("/") != url.rstrip("/"):
            raise SyncRefused(
                f"the stored state follows {state.url}; to switch to {url}, give --start-sequence"
            )
        return state.sequence + 1
    batch = (
        ImportBatch.objects.filter(source=source, replication_timestamp__isnull=False)
        .order_by("-started_at")
        .first()
    )
    if batch is None:
        raise SyncRefused(
            "no sequence stored and no imported OSM file carries a replication timestamp in its "
            "header: import an extract that does (e.g. from Geofabrik), or give --start-sequence"
        )
    return replication.sequence_at(batch.replication_timestamp)


def sync(
    *,
    url: str,
    start_sequence: int | None = None,
    once: bool = True,
    progress: Callable[[DiffResult], None] | None = None,
) -> SyncSummary:
    """Apply every diff after the stored sequence (raises ReplicationError, SyncRefused).

    With once=False, keeps polling for new diffs every POLL_SECONDS, for ever.
    """
    source = osm_source()
    replication = Replication(url)
    summary = SyncSummary()
    while True:
        state = ReplicationState.objects.filter(source=source).first()
        newest = replication.state()
        summary.newest = newest.sequence
        if state is not None and newest.sequence < state.sequence:
            raise SyncRefused(
                f"{url} is at sequence {newest.sequence}, older than the stored state "
                f"({state.sequence}): a different or reset replication directory?"
            )
        first = _start(replication, source, state, start_sequence, url)
        start_sequence = None
        if summary.first is None and first <= newest.sequence:
            summary.first = first
        for sequence in range(first, newest.sequence + 1):
            result = _apply_one(replication, source, url, sequence, state)
            state = ReplicationState.objects.get(source=source)
            summary.diffs.append(result)
            summary.last = sequence
            if progress:
                progress(result)
        if once:
            return summary
        time.sleep(POLL_SECONDS)


def _apply_one(replication: Replication, source: Source, url: str, sequence: int, state):
    published = replication.state(sequence)
    if state is not None and published.timestamp < state.timestamp:
        raise SyncRefused(
            f"diff {sequence} ({published.timestamp:%Y-%m-%d %H:%M:%S}) is older than the "
            f"stored state ({state.timestamp:%Y-%m-%d %H:%M:%S})"
        )
    changes = replication.diff(sequence)  # read whole before anything is written
    with transaction.atomic():
        # One sync at a time: a second one waits here, then finds the sequence moved on.
        stored = ReplicationState.objects.select_for_update().filter(source=source).first()
        if stored is not None and stored.sequence >= sequence:
            raise SyncRefused(f"diff {sequence} was applied meanwhile by another sync")
        batch = ImportBatch.objects.create(
            source=source,
            file_name=replication.server.get_diff_url(sequence)[-40:],
            file_format="osc",
        )
        counts = _apply_changes(batch, changes)
        batch.created, batch.updated = counts.created + counts.linked, counts.updated
        batch.unchanged, batch.finished_at = counts.unchanged, timezone.now()
        batch.save()
        ReplicationState.objects.update_or_create(
            source=source,
            defaults={
                "url": url,
                "sequence": sequence,
                "timestamp": published.timestamp,
                "applied_at": timezone.now(),
            },
        )
    return DiffResult(sequence, published.timestamp, len(changes), counts)


def _known(source: Source, changes: list[NodeChange]) -> dict[int, list[SourceRecord]]:
    """The records of the changed nodes, by node id (a node with several cameras has several)."""
    refs = [f"node/{c.id}" for c in changes]
    found = set(
        SourceRecord.objects.filter(source=source, ref__in=refs).values_list("ref", flat=True)
    )
    by_node: dict[int, list[SourceRecord]] = {}
    if not found:
        return by_node
    query = Q()
    for ref in found:
        query |= Q(ref=ref) | Q(ref__startswith=f"{ref}#")
    for record in SourceRecord.objects.filter(query, source=source).select_related("camera"):
        by_node.setdefault(int(record.ref.split("#")[0].split("/")[1]), []).append(record)
    return by_node


def _apply_changes(batch: ImportBatch, changes: list[NodeChange]) -> Counts:
    by_id = {c.id: c for c in changes}
    writer = _SyncWriter(batch, by_id)
    known = _known(batch.source, changes)
    counts = Counts()
    for change in changes:
        records = known.get(change.id, [])
        held = max(((r.upstream or {}).get("version") or 0 for r in records), default=0)
        if records and held >= change.version:
            counts.unchanged += len(records)
            continue
        if change.is_camera and change.lon is not None:
            _write_node(writer, change, records, counts)
        elif records:
            _retire_node(batch, change, records, counts)
    return counts


def _write_node(writer: _SyncWriter, change: NodeChange, records, counts: Counts) -> None:
    record = Record(
        f"node/{change.id}", change.lon, change.lat, change.tags, change.id, f"node {change.id}"
    )
    writes, _ = writer.writes(record)
    returning = [r for r in records if (r.upstream or {}).get("deleted")]
    result = writer.apply(writes)
    for name in ("created", "linked", "updated", "unchanged", "conflicts"):
        setattr(counts, name, getattr(counts, name) + getattr(result, name))
    reason = writer.origin(record)
    for gone in returning:  # deleted earlier, now back: standing again
        services.camera_update(
            camera=gone.camera,
            fields={"status": Status.ACTIVE},
            actor_label=SYNC_LABEL,
            reason=f"back in OpenStreetMap: {reason}",
        )
    wanted = {ref for ref, _, _ in writes}
    for extra in (r for r in records if r.ref not in wanted):  # a direction fewer than before
        _retire(extra, change, f"no longer on {reason}", counts)


def _retire_node(batch: ImportBatch, change: NodeChange, records, counts: Counts) -> None:
    if change.deleted:
        reason = f"deleted in OpenStreetMap, changeset {change.changeset}"
    else:
        reason = (
            f"no longer tagged man_made=surveillance in OpenStreetMap (node/{change.id} "
            f"v{change.version}), changeset {change.changeset}"
        )
    for record in records:
        _retire(record, change, reason, counts)
        record.last_batch = batch
        record.save(update_fields=["last_batch"])


def _retire(record: SourceRecord, change: NodeChange, reason: str, counts: Counts) -> None:
    camera: Camera = record.camera
    if services.camera_retire(camera=camera, actor_label=SYNC_LABEL, reason=reason):
        counts.retired += 1
    record.upstream = {"deleted": True, "version": change.version, "changeset": change.changeset}
    record.save(update_fields=["upstream"])
