"""OpenStreetMap surveillance tags <-> camera field values (docs/osm-tags.md).

Pure functions, no database. `read_tags` turns one node's tags into camera dicts and
`write_tags` turns them back. Nothing is lost on the way: tags we do not model, or whose value we
do not understand, travel verbatim in `extra_tags`, and the raw spelling of the tags we did map
travels in `original_tags`, so an unchanged camera is exported exactly as it was imported.
"""

import contextlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import TextChoices

from surveillance_map.cameras.vocabularies import (
    CameraType,
    Mount,
    OperatorType,
    Placement,
    SurveillanceType,
    Zone,
)

# Camera dict keys whose values live on the Operator and Vendor rows, not on the camera itself.
RESOLVED_FIELDS = ("operator_name", "operator_type", "operator_wikidata", "manufacturer_wikidata")

MARKER_KEY, MARKER_VALUE = "man_made", "surveillance"

# A direction is (degrees, None) or a clockwise sweep (from, to).
Direction = tuple[int, int | None]

_IMPLIED_CAPABILITIES = {
    ("surveillance_type", SurveillanceType.ALPR): "plate_reading",
    ("surveillance_type", SurveillanceType.GUNSHOT_DETECTOR): "gunshot_detection",
    ("camera_type", CameraType.PANNING): "ptz",
}


@dataclass
class TagReading:
    cameras: list[dict]
    capabilities: list[str]
    extra_tags: dict[str, str]
    original_tags: dict[str, str]
    warnings: list[str]


# --- value parsers: each returns the field value or raises ValueError -----------------------


def _normalise(value: str) -> str:
    return re.sub(r"[\s-]+", "_", value.strip().lower())


def _vocabulary(
    choices: type[TextChoices], synonyms: Mapping[str, str] | None = None
) -> Callable[[str], str]:
    """A parser accepting the vocabulary's values and synonyms, ignoring case and separators."""
    lookup = {_normalise(value): value for value in choices.values} | dict(synonyms or {})

    def parse(value: str) -> str:
        try:
            return lookup[_normalise(value)]
        except KeyError:
            raise ValueError(f"not one of {', '.join(choices.values)}") from None

    return parse


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("empty")
    return value.strip()


def _wikidata(value: str) -> str:
    if not re.fullmatch(r"Q[1-9]\d*", value.strip()):
        raise ValueError("not a single Wikidata item id")
    return value.strip()


def _iso_date(value: str) -> date:
    # date.fromisoformat alone would also take "20220503" or week dates; OSM wants YYYY-MM-DD.
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("not a full YYYY-MM-DD date")
    return date.fromisoformat(value.strip())


def _whole_degrees(value: str) -> int:
    match = re.fullmatch(r"([+-]?\d+(?:\.\d+)?)\s*°?", value.strip())
    if not match:
        raise ValueError("not a number of degrees")
    return math.floor(float(match[1]) + 0.5)  # round half up, unlike round()


def _degrees(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        degrees = _whole_degrees(value)
        if not low <= degrees <= high:
            raise ValueError(f"outside {low}..{high}")
        return degrees

    return parse


_tilt = _degrees(-90, 90)


def parse_height(value: str) -> float:
    """Metres from "3", "2.5", "3 m", "3m", "10 ft" or "10'"; raises ValueError."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(m|metres?|meters?|ft|feet|'|)", value.strip(), re.I)
    if not match:
        raise ValueError("not a height in metres or feet")
    metres = float(match[1])
    if match[2] and match[2].lower() not in ("m", "metre", "metres", "meter", "meters"):
        metres = round(metres * 0.3048, 3)
    if not 0 <= metres <= 500:
        raise ValueError("outside 0..500 m")
    return metres


def format_height(metres: float) -> str:
    return str(float(metres)).removesuffix(".0")


# --- directions ------------------------------------------------------------------------------

_WIND = {"n": "north", "e": "east", "s": "south", "w": "west"}
# The 16 points clockwise from north, 22.5° apart.
_COMPASS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE")
_COMPASS += ("S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")
_POINTS = {
    name: math.floor(index * 22.5 + 0.5)
    for index, abbreviation in enumerate(_COMPASS)
    for name in (abbreviation.lower(), "".join(_WIND[c] for c in abbreviation.lower()))
}
# Road-sign style "northbound" / "NB".
_POINTS |= {f"{c}b": _POINTS[c] for c in _WIND}
_POINTS |= {f"{word}bound": _POINTS[c] for c, word in _WIND.items()}


def _point(token: str) -> int:
    name = re.sub(r"[\s_-]", "", token.lower())
    if name in _POINTS:
        return _POINTS[name]
    degrees = _whole_degrees(token)
    if not -360 <= degrees <= 360:
        raise ValueError(f"{token.strip()!r} is outside -360..360")
    return degrees % 360


def _direction_item(token: str) -> Direction:
    with contextlib.suppress(ValueError):
        return _point(token), None
    # A range "a-b"; try every hyphen because either end may itself hold one ("north-east").
    for hyphen in (m.start() for m in re.finditer("-", token) if m.start() > 0):
        with contextlib.suppress(ValueError):
            return _point(token[:hyphen]), _point(token[hyphen + 1 :])
    raise ValueError(f"{token.strip()!r} is not a direction")


def parse_direction(value: str) -> list[Direction]:
    """Directions of a `;`/`,` list, one per camera: (degrees, None) or a range (from, to)."""
    return [_direction_item(token) for token in re.split(r"[;,]", value)]


def format_direction(directions: Sequence[Direction]) -> str:
    return ";".join(str(a) if b is None else f"{a}-{b}" for a, b in directions)


def _has_negative_degrees(value: str) -> bool:
    return re.search(r"(^|[;,])\s*-\s*\d", value) is not None


# --- the tag table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tag:
    key: str
    field: str
    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str


def _whole(value: Any) -> str:
    return str(int(value))


_DIRECTIONS = "directions"  # pseudo-field: the list of Direction of all cameras on the node

_MOUNT_SYNONYMS = dict.fromkeys(
    ("street_light", "streetlight", "lamp", "lamp_post"), "street_lamp"
) | dict.fromkeys(("traffic_signal", "traffic_light", "traffic_lights"), "traffic_signals")

# A field read from several keys lists them in reading priority; the first is canonical.
TAGS = (
    Tag("name", "name", _text),
    Tag("surveillance", "placement", _vocabulary(Placement)),
    Tag("surveillance:type", "surveillance_type", _vocabulary(SurveillanceType, {"anpr": "ALPR"})),
    Tag(
        "camera:type", "camera_type", _vocabulary(CameraType, {"ptz": "panning", "static": "fixed"})
    ),
    Tag("camera:mount", "mount", _vocabulary(Mount, _MOUNT_SYNONYMS)),
    Tag(
        "surveillance:zone",
        "zone",
        _vocabulary(Zone, {"public_transport_platform": "public_transport"}),
    ),
    Tag("camera:direction", _DIRECTIONS, parse_direction, format_direction),
    Tag("direction", _DIRECTIONS, parse_direction, format_direction),
    Tag("surveillance:direction", _DIRECTIONS, parse_direction, format_direction),
    Tag("camera:angle_of_view", "angle_of_view", _degrees(1, 360), _whole),
    Tag("camera:tilt", "tilt", _tilt, _whole),
    # camera:angle counts positive downwards, tilt upwards.
    Tag("camera:angle", "tilt", lambda value: -_tilt(value), lambda tilt: str(-int(tilt))),
    Tag("height", "height", parse_height, format_height),
    Tag("operator", "operator_name", _text),
    Tag("operator:type", "operator_type", _vocabulary(OperatorType)),
    Tag("operator:wikidata", "operator_wikidata", _wikidata),
    Tag("manufacturer", "manufacturer", _text),
    Tag("manufacturer:wikidata", "manufacturer_wikidata", _wikidata),
    Tag("brand", "brand", _text),
    Tag("model", "model", _text),
    Tag("start_date", "first_seen", _iso_date),
    Tag("check_date", "last_verified", _iso_date),
)
# The tags of each field, in reading priority: exports and the data dictionary list them too.
TAG_GROUPS = tuple(
    tuple(tag for tag in TAGS if tag.field == field)
    for field in dict.fromkeys(t.field for t in TAGS)
)
# The keys of a camera dict that read_tags gives and write_tags takes.
CAMERA_FIELDS = tuple(
    name
    for group in TAG_GROUPS
    for name in (
        ("direction", "direction_from", "direction_to")
        if group[0].field == _DIRECTIONS
        else (group[0].field,)
    )
)


# --- reading ---------------------------------------------------------------------------------


def is_surveillance_node(tags: Mapping[str, str]) -> bool:
    return tags.get(MARKER_KEY) == MARKER_VALUE


def read_tags(tags: Mapping[str, str]) -> TagReading:
    """Camera field values of one node; a direction list yields one camera per item."""
    values: dict[str, Any] = {}
    original: dict[str, str] = {}
    warnings: list[str] = []
    if is_surveillance_node(tags):
        original[MARKER_KEY] = MARKER_VALUE
    else:
        warnings.append(f"not a {MARKER_KEY}={MARKER_VALUE} node")
    for tag in _tags_read(tags):
        raw = tags[tag.key]
        try:
            values[tag.field] = tag.parse(raw)
        except ValueError as error:
            warnings.append(f"{tag.key} {raw!r} not understood ({error}); kept verbatim")
            continue
        original[tag.key] = raw
        if tag.field == _DIRECTIONS and _has_negative_degrees(raw):
            shown = format_direction(values[_DIRECTIONS])
            warnings.append(f"{tag.key} {raw!r} has negative degrees; read as {shown!r}")
    capabilities = sorted(
        {cap for (f, v), cap in _IMPLIED_CAPABILITIES.items() if values.get(f) == v}
    )
    return TagReading(
        cameras=_cameras(values),
        capabilities=capabilities,
        extra_tags={key: value for key, value in tags.items() if key not in original},
        original_tags=original,
        warnings=warnings,
    )


# Each key's (group, rank in its group, Tag): a node has a handful of keys, the table dozens.
_KEYS = {
    tag.key: (g, rank, tag) for g, group in enumerate(TAG_GROUPS) for rank, tag in enumerate(group)
}


def _tags_read(tags: Mapping[str, str]) -> list[Tag]:
    """The Tag read for each field the node has, in TAG_GROUPS order: the first of its group."""
    chosen: dict[int, tuple[int, Tag]] = {}
    for key in tags:
        if (hit := _KEYS.get(key)) and (hit[0] not in chosen or hit[1] < chosen[hit[0]][0]):
            chosen[hit[0]] = hit[1:]
    return [chosen[g][1] for g in sorted(chosen)]


def _cameras(values: dict[str, Any]) -> list[dict]:
    shared = {field: value for field, value in values.items() if field != _DIRECTIONS}
    directions = values.get(_DIRECTIONS)
    if not directions:
        return [shared]
    return [
        shared | ({"direction": a} if b is None else {"direction_from": a, "direction_to": b})
        for a, b in directions
    ]


# --- writing ---------------------------------------------------------------------------------


def _present(camera: Mapping, field: str) -> Any:
    value = camera.get(field)
    return None if value is None or value == "" else value


def _direction_of(camera: Mapping) -> Direction | None:
    start, end = _present(camera, "direction_from"), _present(camera, "direction_to")
    if start is not None and end is not None:
        return int(start), int(end)
    direction = _present(camera, "direction")
    return None if direction is None else (int(direction), None)


def _spelling(tag: Tag, value: Any, raw: str | None) -> str:
    """The original spelling when it still means `value`, else the canonical one."""
    canonical = tag.format(value)
    if raw is not None:
        with contextlib.suppress(ValueError):
            if tag.parse(raw) == tag.parse(canonical):
                return raw
    return canonical


def write_tags(
    cameras: Sequence[Mapping],
    extra_tags: Mapping[str, str] | None = None,
    original_tags: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Tags of one node carrying `cameras`: fields from the first, directions from all."""
    if not cameras:
        raise ValueError("write_tags needs at least one camera")
    original = original_tags or {}
    values = {f: v for f in CAMERA_FIELDS if (v := _present(cameras[0], f)) is not None}
    directions = [d for camera in cameras if (d := _direction_of(camera)) is not None]
    if directions:
        values[_DIRECTIONS] = directions
    tags = dict(extra_tags or {})
    tags[MARKER_KEY] = MARKER_VALUE
    for group in TAG_GROUPS:
        if group[0].field not in values:
            continue
        # Write back under the key the value was read from (e.g. `direction`, `camera:angle`).
        tag = next((tag for tag in group if tag.key in original), group[0])
        tags[tag.key] = _spelling(tag, values[tag.field], original.get(tag.key))
    return tags
