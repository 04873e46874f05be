"""Reading an OpenStreetMap replication directory (state.txt, 000/000/NNN.osc.gz), no database.

Built on pyosmium's ReplicationServer, which downloads through `requests`; `file://` URLs (a
local mirror, the tests) are read with urllib instead. Every failure is a `ReplicationError`
with a message for the person running the sync: a server that does not answer, a missing diff
(a sequence gap), a truncated or corrupt diff.
"""

from __future__ import annotations

import datetime as dt
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import osmium
import requests
from osmium.replication.server import ReplicationServer

from surveillance_map.cameras.osm_tags import MARKER_KEY, MARKER_VALUE


class ReplicationError(Exception):
    """The replication directory cannot be followed: nothing was applied."""


@dataclass(frozen=True)
class State:
    sequence: int
    timestamp: dt.datetime


@dataclass(frozen=True)
class NodeChange:
    """The last version of one node in a diff that is, or was, a surveillance node."""

    id: int
    version: int
    changeset: int
    deleted: bool
    lon: float | None
    lat: float | None
    tags: dict[str, str]  # only those of a surveillance node

    @property
    def is_camera(self) -> bool:
        return bool(self.tags)


class _Server(ReplicationServer):
    def open_url(self, url: urllib.request.Request):
        if url.get_full_url().startswith("file:"):
            return urllib.request.urlopen(url.get_full_url())  # noqa: S310 (file: only)
        return super().open_url(url)


class Replication:
    """One replication directory: its newest state, and each diff by sequence number."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.server = _Server(self.url)
        self.server.set_request_parameter("timeout", 30)

    def state(self, sequence: int | None = None) -> State:
        """The newest state, or that of `sequence`; raises ReplicationError."""
        try:
            info = self.server.get_state_info(sequence, retries=1)
        except requests.RequestException as error:
            info, detail = None, f": {error}"
        else:
            detail = ""
        if info is None:
            what = "state.txt" if sequence is None else f"the state of sequence {sequence}"
            raise ReplicationError(f"cannot read {what} at {self.url}{detail}")
        return State(info.sequence, info.timestamp)

    def sequence_at(self, timestamp: dt.datetime) -> int:
        """The sequence whose diff holds `timestamp` (where a sync after an import starts)."""
        sequence = self.server.timestamp_to_sequence(timestamp)
        if sequence is None:
            raise ReplicationError(f"{self.url} has no diff as old as {timestamp:%Y-%m-%d %H:%M}")
        return sequence

    def diff(self, sequence: int) -> list[NodeChange]:
        """Every surveillance node (or former one) that the diff touches, at its last version."""
        url = self.server.get_diff_url(sequence)
        try:
            data = self.server.get_diff_block(sequence)
        except (OSError, requests.RequestException) as error:
            raise ReplicationError(
                f"diff {sequence} is missing or unreadable ({url}): a gap in the sequence? {error}"
            ) from None
        try:
            return _node_changes(data)
        except RuntimeError as error:
            raise ReplicationError(
                f"diff {sequence} is corrupt or truncated ({url}): {error}"
            ) from None


def _node_changes(data: bytes) -> list[NodeChange]:
    latest: dict[int, NodeChange] = {}
    for obj in osmium.FileProcessor(osmium.io.FileBuffer(data, "osc.gz"), osmium.osm.NODE):
        deleted = not obj.visible
        camera = not deleted and obj.tags.get(MARKER_KEY) == MARKER_VALUE
        tags = dict(obj.tags) if camera else {}
        known = latest.get(obj.id)
        if known is not None and known.version > obj.version:
            continue
        located = not deleted and obj.location.valid()
        latest[obj.id] = NodeChange(
            id=obj.id,
            version=obj.version,
            changeset=obj.changeset,
            deleted=deleted,
            lon=obj.location.lon if located else None,
            lat=obj.location.lat if located else None,
            tags=tags,
        )
    return list(latest.values())


def file_replication_timestamp(path: str | Path) -> dt.datetime | None:
    """The replication timestamp an OSM file's header carries (Geofabrik and planet extracts
    do), else None."""
    try:
        header = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING).header()
    except RuntimeError:
        return None
    value = header.get("osmosis_replication_timestamp")
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
