"""CSV export: one row per camera, our fields as columns (see records.CSV_FIELDS).

Text cells that a spreadsheet would run as a formula are neutralised (lib/csvcells.py).
"""

from collections.abc import Iterator

from django.db.models import QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.exports import postgis, records
from surveillance_map.lib.csvcells import safe_cell
from surveillance_map.lib.db import is_postgis


def _cell(field: records.Field, value):
    if value is None:
        return ""
    return safe_cell(value) if field.neutralise else value


def _quoted(value) -> str:
    """A CSV field as PostgreSQL's COPY writes it: quoted when it holds , " CR or LF (Python's
    csv module leaves a lone CR unquoted, which readers then take for a line break)."""
    text = str(value)
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _line(cells) -> str:
    return ",".join(_quoted(cell) for cell in cells) + "\n"


def _python_rows(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    lines = [_line(f.name for f in records.CSV_FIELDS)]
    for number, camera in enumerate(records.iterate(queryset), 1):
        lines.append(_line(_cell(f, f.value(camera)) for f in records.CSV_FIELDS))
        if number % records.CHUNK_SIZE == 0:
            yield "".join(lines).encode()
            lines = []
    yield "".join(lines).encode()


def stream_csv(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    if is_postgis():
        return postgis.stream_csv(queryset)
    return _python_rows(queryset)
