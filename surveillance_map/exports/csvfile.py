"""CSV export: one row per camera, our fields as columns (see records.CSV_FIELDS)."""

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet

from surveillance_map.cameras.models import Camera
from surveillance_map.exports import postgis, records
from surveillance_map.lib.db import is_postgis


def _python_rows(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.name for f in records.CSV_FIELDS])
    for number, camera in enumerate(records.iterate(queryset), 1):
        writer.writerow(["" if (v := f.value(camera)) is None else v for f in records.CSV_FIELDS])
        if number % records.CHUNK_SIZE == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def stream_csv(queryset: QuerySet[Camera]) -> Iterator[bytes]:
    if is_postgis():
        return postgis.stream_csv(queryset)
    return _python_rows(queryset)
