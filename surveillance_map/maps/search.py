"""Search box: places (Areas, and the gazetteer places of cameras) to fly to, and operators,
vendors, programs and cameras. Places are found by their names in other languages too
("Genève", "Ginebra", "Genf": lib/local_names.py).

PostgreSQL full text (prefix-matched words, `simple` configuration so names are not stemmed)
on PostGIS; a case-insensitive substring match on SpatiaLite.
"""

import re

from django.contrib.gis.db.models import Extent
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse

from surveillance_map.areas.models import Area
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Dataset
from surveillance_map.lib import local_names
from surveillance_map.lib.db import is_postgis
from surveillance_map.lib.gazetteer import place_names, places_also_named
from surveillance_map.lib.sql import read_sql
from surveillance_map.transparency.models import Operator, Program, Vendor

MAX_QUERY_LENGTH = 200
LIMIT = 5
# The expression the full-text index (migration maps 0003) is built on: PostgreSQL uses the
# index only for the very same expression, so both read it from this one file.
CAMERA_TEXT = read_sql(__file__, "camera_search_text.sql").strip()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)[:8]


def _matching(queryset, text: str, field: str = "name"):
    if is_postgis():
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in _words(text)), search_type="raw", config="simple"
        )
        return queryset.annotate(_text=SearchVector(field, config="simple")).filter(_text=query)
    return queryset.filter(**{f"{field}__icontains": text})


def _extent(cameras) -> list[float] | None:
    box = cameras.filter(dataset=Dataset.REAL).aggregate(box=Extent("location"))["box"]
    return [round(v, 6) for v in box] if box else None


def _cameras(text: str):
    real = Camera.objects.filter(dataset=Dataset.REAL)
    if is_postgis():
        query = " & ".join(f"{word}:*" for word in _words(text))
        match = RawSQL(f"{CAMERA_TEXT} @@ to_tsquery('simple', %s)", [query], BooleanField())
        return real.filter(match)
    return real.filter(name__icontains=text) | real.filter(model__icontains=text)


def _camera_places(text: str) -> list[dict]:
    """Gazetteer places starting with the text that have cameras (indexed `place` lookup)."""
    names = place_names(text)
    names += [name for name in places_also_named(text) if name not in names]
    if not names:
        return []
    places = (
        Camera.objects.filter(dataset=Dataset.REAL, place__in=names)
        .values("place", "country")
        .annotate(box=Extent("location"))
        .order_by("place")[:LIMIT]
    )
    return [
        {
            "kind": "place",
            "label": row["place"],
            "detail": row["country"],
            "bbox": [round(v, 6) for v in row["box"]],
        }
        for row in places
    ]


def search(*, text: str) -> list[dict]:
    """Up to LIMIT results of each kind; places first."""
    if not _words(text):
        return []
    results = [
        {
            "kind": "place",
            "label": area.name,
            "detail": area.get_kind_display(),
            "bbox": list(area.geometry.extent),
        }
        for area in Area.objects.filter(
            Q(name__icontains=text.strip())
            | Q(name__in=[name for name, *_ in local_names.places_named(text)])
        )[:LIMIT]
    ]
    results += _camera_places(text)
    for operator in _matching(Operator.objects.public(), text)[:LIMIT]:
        results.append(
            {
                "kind": "operator",
                "label": operator.name,
                "detail": operator.get_operator_type_display(),
                "bbox": _extent(operator.camera_set.all()),
            }
        )
    for kind, rows in (("vendor", Vendor.objects.public()), ("program", Program.objects.all())):
        for row in _matching(rows, text)[:LIMIT]:
            results.append(
                {
                    "kind": kind,
                    "label": row.name,
                    "filter": {kind: row.slug},
                    "detail": getattr(row, "country_of_origin", "") or getattr(row, "country", ""),
                    "bbox": _extent(row.camera_set.all()),
                }
            )
    for camera in _cameras(text).select_related("operator")[:LIMIT]:
        results.append(
            {
                "kind": "camera",
                "label": str(camera),
                "detail": camera.operator.name if camera.operator else "",
                "point": [camera.location.x, camera.location.y],
                "url": reverse("maps:camera", args=(camera.pk,)),
            }
        )
    return results
