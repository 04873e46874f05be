"""Streams to files: written under a temporary name and renamed, so never half-written."""

import os
from collections.abc import Callable, Iterable
from pathlib import Path

Progress = Callable[[int], None] | None


def write_blocks(blocks: Iterable[bytes], path: Path, progress: Progress = None) -> None:
    """Write byte blocks to `path` atomically; report lines written to `progress`."""
    partial = path.with_name(f".{path.name}.partial")
    lines = reported = 0
    try:
        with partial.open("wb") as out:
            for block in blocks:
                out.write(block)
                lines += block.count(b"\n")
                if progress and lines - reported >= 100_000:
                    progress(lines)
                    reported = lines
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
