"""SQL that the database runs lives in `.sql` files beside the code that uses it.

Each app keeps its files in an `sql/` folder; `read_sql(__file__, "name.sql")` reads one. Files
that define functions and triggers use `CREATE OR REPLACE`, so a migration that changes them
simply runs the current file again.
"""

from functools import cache
from pathlib import Path


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_sql(module_file: str, name: str) -> str:
    """The text of `sql/<name>` in the folder of `module_file` (pass `__file__`)."""
    folder = Path(module_file).resolve().parent
    if folder.name == "migrations":  # migrations read their app's files
        folder = folder.parent
    return _read(folder / "sql" / name)


def sql_blocks(text: str) -> list[str]:
    """The statements of a file written one per blank-line-separated block, comment-only
    blocks dropped: SQLite runs one statement per call."""
    blocks = (block.strip() for block in text.split("\n\n"))
    return [b for b in blocks if b and not all(line.startswith("--") for line in b.splitlines())]
