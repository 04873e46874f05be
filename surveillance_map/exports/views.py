"""The /data/ page: dataset snapshots to download."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from surveillance_map.exports import snapshots

_TYPES = {
    ".geojson": "application/geo+json",
    ".csv": "text/csv; charset=utf-8",
    ".gpkg": "application/geopackage+sqlite3",
    ".kml": "application/vnd.google-earth.kml+xml",
    ".osm": "application/xml",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
}


def snapshot_list(request):
    return render(request, "exports/data.html", {"snapshots": snapshots.list_snapshots()})


def snapshot_file(request, version, filename):
    path = snapshots.snapshot_file(version, filename)
    if path is None or not path.is_file():
        raise Http404("No such snapshot file")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=_TYPES.get(path.suffix, "application/octet-stream"),
    )
