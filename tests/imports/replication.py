"""A local OSM replication directory written with pyosmium, laid out as the planet server does."""

import datetime as dt
from pathlib import Path

import osmium
from osmium.osm.mutable import Node

START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def node(id, lon=8.54, lat=47.37, *, version=1, changeset=100, tags=None, deleted=False):
    tags = {"man_made": "surveillance", **(tags or {})} if tags is not None or not deleted else {}
    return Node(
        id=id,
        version=version,
        changeset=changeset,
        visible=not deleted,
        location=None if deleted else (lon, lat),
        tags=tags,
        timestamp=START,
        uid=1,
        user="mapper",
    )


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H\\:%M\\:%SZ")


class ReplicationDir:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.url = root.as_uri() + "/"

    def diff_path(self, sequence: int) -> Path:
        top, middle, last = sequence // 1000000, sequence // 1000 % 1000, sequence % 1000
        return self.root / f"{top:03d}/{middle:03d}/{last:03d}"

    def add(self, sequence: int, nodes, *, minutes: int | None = None) -> Path:
        """Write diff `sequence` and make it the newest; returns the .osc.gz path."""
        when = START + dt.timedelta(minutes=sequence if minutes is None else minutes)
        base = self.diff_path(sequence)
        base.parent.mkdir(parents=True, exist_ok=True)
        osc = base.with_suffix(".osc.gz")
        osc.unlink(missing_ok=True)
        with osmium.SimpleWriter(str(osc)) as writer:
            for n in nodes:
                writer.add_node(n)
        state = f"#\nsequenceNumber={sequence}\ntimestamp={_stamp(when)}\n"
        base.with_suffix(".state.txt").write_text(state)
        (self.root / "state.txt").write_text(state)
        return osc


def write_pbf(path: Path, nodes, *, timestamp: dt.datetime | None = START) -> Path:
    header = osmium.io.Header()
    if timestamp is not None:
        header.set("osmosis_replication_timestamp", timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
    with osmium.SimpleWriter(str(path), header=header) as writer:
        for n in nodes:
            writer.add_node(n)
    return path
