"""Read a large OSM file and map its tags in a child process while the importer writes.

An import of the whole OSM layer spends a third of its Python reading the PBF and mapping the
tags, and about as long again waiting for PostgreSQL with its own core idle. A forked child
does the reading and mapping (pure: no database) and hands over `(item, reading)` pairs in
batches, so the two overlap. A thread could not: it fights the importer for the GIL after each
database wait (docs/benchmarks.md). Small files are read in the importer's own process, and
so is every file where no child may start (a Celery pool process may not have children).
"""

import logging
import multiprocessing
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from surveillance_map.imports.readers import RecordStream, UnreadableFile

logger = logging.getLogger(__name__)

# A smaller OSM file (under about 25,000 nodes) is read in-process: little to overlap there.
MIN_BYTES = 1_000_000
BATCH = 1_000  # pairs per handover: one pickle and one pipe write per batch
AHEAD = 8  # batches the child may be ahead (memory stays flat)


class _End:
    def __init__(self, skipped: int) -> None:
        self.skipped = skipped


class _Failed:
    def __init__(self, message: str, unreadable: bool) -> None:
        self.message, self.unreadable = message, unreadable


class MappedRecords:
    """`(item, work(item))` for each item of a RecordStream; `skipped` as the stream's, once
    the pairs are exhausted. A large OSM file is read and mapped in a child process."""

    def __init__(self, stream: RecordStream, work: Callable, path: Path) -> None:
        self.stream, self.work, self.skipped = stream, work, 0
        # Only the main thread forks: a web worker running a job eagerly has other threads,
        # whose locks a child would inherit held.
        self.in_child = (
            stream.format in ("osm", "pbf")
            and path.stat().st_size >= MIN_BYTES
            and threading.current_thread() is threading.main_thread()
        )

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if not self.in_child:
            yield from self._in_process()
            return
        context = multiprocessing.get_context("fork")
        pairs = context.Queue(maxsize=AHEAD)
        child = context.Process(target=_produce, args=(self.stream, self.work, pairs), daemon=True)
        try:
            child.start()
        except (AssertionError, OSError) as error:  # e.g. in a Celery pool process (daemonic)
            logger.info("Reading %s in-process: no child process (%s)", self.stream.format, error)
            yield from self._in_process()
            return
        try:
            while not isinstance(got := _next_batch(pairs, child), _End):
                if isinstance(got, _Failed):
                    raise (UnreadableFile if got.unreadable else RuntimeError)(got.message)
                yield from got
            self.skipped = got.skipped
        finally:
            if child.is_alive():
                child.terminate()
            child.join()

    def _in_process(self) -> Iterator[tuple[Any, Any]]:
        yield from ((item, self.work(item)) for item in self.stream)
        self.skipped = self.stream.skipped


def _next_batch(pairs, child):
    """The child's next handover; an error, not a wait for ever, if the child has died."""
    while True:
        try:
            return pairs.get(timeout=1)
        except queue.Empty:
            if not child.is_alive():
                raise RuntimeError(
                    f"the file reader stopped unexpectedly (exit code {child.exitcode})"
                ) from None


def _produce(stream: RecordStream, work: Callable, pairs) -> None:
    """The child: read, map, hand over. It never touches the parent's database connection and
    leaves through os._exit (multiprocessing's fork), which closes nothing it inherited."""
    try:
        batch = []
        for item in stream:
            batch.append((item, work(item)))
            if len(batch) >= BATCH:
                pairs.put(batch)
                batch = []
        pairs.put(batch)
        pairs.put(_End(stream.skipped))
    except UnreadableFile as error:
        pairs.put(_Failed(str(error), unreadable=True))
    except Exception as error:  # reported in the parent, which rolls the import back
        pairs.put(_Failed(f"reading the file failed: {error!r}", unreadable=False))
    pairs.close()
    pairs.join_thread()
