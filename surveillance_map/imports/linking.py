"""One camera, several sources: find the camera another source already has at a new record's place.

A new record is the same camera as an existing one when it lies within MATCH_METRES of it and
their attributes do not contradict each other (a blank value contradicts nothing). The camera
must not already have a record of the same source: two records of one source are two cameras
(OSM maps every camera of a pole as its own node). One compatible camera: link to it. Several:
ambiguous, the record becomes a camera of its own and a moderator decides (sightings.Review).

Why 5 m: the sources' positions of one device differ by a few metres (a register geocodes to
the pole, a mapper places the node on the building face), while distinct cameras of different
sources closer than that are nearly always one device. See README "One camera, several sources"
for what the sample data shows.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.db import connection
from django.db.models import Max

from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Status
from surveillance_map.lib.db import bigint_array, is_postgis

MATCH_METRES = 5.0
# Attributes that must agree when both sides state them; directions within DIRECTION_SLACK.
_SAME = ("surveillance_type", "camera_type", "mount")
DIRECTION_SLACK = 45


@dataclass(frozen=True)
class Match:
    camera_id: int | None  # the camera to link to, when exactly one fits
    candidates: tuple[int, ...]  # every camera that fits (several: ambiguous)


def _bearing_gap(a: int, b: int) -> int:
    gap = abs(a - b) % 360
    return min(gap, 360 - gap)


def compatible(fields: dict, camera: dict) -> bool:
    for name in _SAME:
        if fields.get(name) and camera.get(name) and fields[name] != camera[name]:
            return False
    ours, theirs = fields.get("direction"), camera.get("direction")
    return ours is None or theirs is None or _bearing_gap(ours, theirs) <= DIRECTION_SLACK


_COLUMNS = ("id", *_SAME, "direction")
# The database's search radius, in degrees of the map's plane (then the metres are checked).
REACH_DEGREES = 0.0001
# A run whose first chunk brings at least GRID_MIN_RECORDS new records (a large import, not a
# minutely diff) keeps the grid cells of the linkable cameras, if there are at most
# GRID_MAX_CAMERAS, and asks the database only about records with one in reach; otherwise it
# asks about every record. Reading a camera's place costs about what asking about 1/30 of a
# record does.
GRID_MIN_RECORDS = 1_000
GRID_MAX_CAMERAS = 200_000


class Linkable:
    """The cameras a run's new records may link to: the standing ones when it began.

    The cameras a run creates carry a record of its own source, so they could never match:
    only ids up to `up_to_id` are looked at. Where those are few, as when the whole OSM layer
    comes into a site holding a few registers, a record with none of them within a grid cell
    (REACH_DEGREES) is not looked up at all: that was most of such an import's time.
    """

    def __init__(self, up_to_id: int, cells: set[tuple[int, int]] | None) -> None:
        self.up_to_id = up_to_id
        self.cells = cells  # None: too many to keep, ask the database about every record

    @classmethod
    def standing_now(cls, *, records: int) -> "Linkable":
        """The cameras standing now, for a run whose first chunk brings `records` new ones."""
        up_to_id = Camera.objects.aggregate(last=Max("id"))["last"] or 0
        if not up_to_id:
            return cls(0, set())  # no camera at all: nothing in reach of any record
        if records < GRID_MIN_RECORDS:
            return cls(up_to_id, None)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ST_X(location), ST_Y(location) FROM cameras_camera"
                " WHERE id <= %s AND status <> %s LIMIT %s",
                [up_to_id, Status.REMOVED, GRID_MAX_CAMERAS + 1],
            )
            points = cursor.fetchall()
        if len(points) > GRID_MAX_CAMERAS:
            return cls(up_to_id, None)
        return cls(up_to_id, {_cell(lon, lat) for lon, lat in points})

    def may_reach(self, lon: float, lat: float) -> bool:
        """False only when no linkable camera lies within REACH_DEGREES of the point."""
        if self.cells is None:
            return True
        x, y = _cell(lon, lat)
        return any((x + dx, y + dy) in self.cells for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def _cell(lon: float, lat: float) -> tuple[int, int]:
    return math.floor(lon / REACH_DEGREES), math.floor(lat / REACH_DEGREES)


def _nearby(
    points: Sequence[tuple[float, float]], source_id: int, linkable: Linkable
) -> list[list[dict]]:
    """For each (lon, lat), the linkable cameras within MATCH_METRES without a record of
    `source_id`, nearest first."""
    found: list[list[dict]] = [[] for _ in points]
    asked = [i for i, (lon, lat) in enumerate(points) if linkable.may_reach(lon, lat)]
    if not asked:
        return found
    if is_postgis():
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT p.i, c.id, c.surveillance_type, c.camera_type, c.mount, c.direction
                FROM unnest(%s::bigint[], %s::float8[], %s::float8[]) AS p(i, lon, lat)
                JOIN cameras_camera c
                  ON ST_DWithin(c.location, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), %s)
                 AND ST_DWithin(c.location::geography,
                                ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, %s)
                WHERE c.status <> %s AND c.id <= %s AND NOT EXISTS (
                  SELECT 1 FROM imports_sourcerecord r
                  WHERE r.camera_id = c.id AND r.source_id = %s)
                ORDER BY p.i, ST_Distance(c.location::geography,
                                          ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography)
                """,
                [
                    bigint_array(asked),
                    [points[i][0] for i in asked],
                    [points[i][1] for i in asked],
                    REACH_DEGREES,
                    MATCH_METRES,
                    Status.REMOVED,
                    linkable.up_to_id,
                    source_id,
                ],
            )
            for index, *values in cursor.fetchall():
                found[index].append(dict(zip(_COLUMNS, values, strict=True)))
        return found
    # SpatiaLite (the demo path): few cameras; the radius in degrees of latitude will do.
    for index in asked:
        near = (Point(*points[index], srid=4326), MATCH_METRES / 111_320)
        cameras = (
            Camera.objects.filter(location__dwithin=near, id__lte=linkable.up_to_id)
            .exclude(status=Status.REMOVED)
            .exclude(source_records__source_id=source_id)
        )
        found[index] = list(cameras.values(*_COLUMNS))
    return found


def find_matches(
    records: Sequence[tuple[float, float, dict]], *, source_id: int, linkable: Linkable
) -> list[Match | None]:
    """For each (lon, lat, fields) a Match, or None when no camera of another source is near.

    `linkable`: the cameras that stood when the import or sync began (`Linkable.standing_now`).
    One query for the whole sequence. A camera is given to the first record that fits it only:
    a later one that fits nothing else becomes a camera of its own.
    """
    nearby = _nearby([(lon, lat) for lon, lat, _ in records], source_id, linkable)
    taken: set[int] = set()
    matches: list[Match | None] = []
    for (_, _, fields), cameras in zip(records, nearby, strict=True):
        fitting = tuple(c["id"] for c in cameras if c["id"] not in taken and compatible(fields, c))
        if not fitting:
            matches.append(None)
            continue
        chosen = fitting[0] if len(fitting) == 1 else None
        if chosen is not None:
            taken.add(chosen)
        matches.append(Match(chosen, fitting))
    return matches
