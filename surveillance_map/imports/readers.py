"""Readers for camera data files: OSM XML/PBF, Overpass JSON, GeoJSON and CSV.

Pure parsing, no database. `read_records()` yields a `Record` for every camera with usable
coordinates and a `Rejection` (with the reason) for every item that cannot be used; only a
file that cannot be read at all raises `UnreadableFile`. Coordinates are never guessed,
clamped, swapped or rescaled.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import osmium

FORMATS = ("osm", "pbf", "overpass", "geojson", "csv")

# ".json" is ambiguous (Overpass or GeoJSON) and is resolved by looking at the content.
_SUFFIXES = {".osm": "osm", ".xml": "osm", ".pbf": "pbf", ".geojson": "geojson", ".json": "json"}
_SUFFIXES.update(dict.fromkeys((".csv", ".tsv", ".txt"), "csv"))
_LAT_NAMES = ("lat", "latitude", "y")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x")
_REF_NAMES = ("id", "ref", "camera_id")
_SPECIAL_KEYS = ("lat", "lon", "ref")
# Our own GeoJSON exports carry database fields as "sm:*" properties beside the OSM tags; they
# describe our record, not the source's tags, so reading one back must not turn them into tags.
EXPORT_PREFIX = "sm:"
# A GeoJSON feature id "node/123" (Overpass turbo, our exports) names an OSM node; "#2" marks
# the second camera of a node with several directions in our exports.
_OSM_NODE_REF = re.compile(r"node/(\d+)(?:#\d+)?")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_SNIFF_CHARS = 8192
# libosmium marks a node without a location with this fixed-point coordinate.
_UNDEFINED_COORDINATE = 2**31 - 1


@dataclass(frozen=True)
class Record:
    """A camera with valid WGS84 coordinates, as found in the file."""

    ref: str
    lon: float
    lat: float
    tags: dict[str, str]
    osm_id: int | None
    where: str


@dataclass(frozen=True)
class Rejection:
    """An item that looks like a camera but cannot be imported, and why."""

    where: str
    ref: str | None
    reason: str


class UnreadableFile(Exception):
    """The file itself cannot be read (missing, malformed, unknown format)."""


Item = Record | Rejection


class RecordStream:
    """Single-pass iterator over the Records and Rejections of one file.

    `skipped` counts OSM objects that are not cameras (ways, relations, nodes without
    man_made=surveillance). It grows during iteration and is final once the stream is
    exhausted; it stays 0 for GeoJSON and CSV. `format` is the resolved format name.
    """

    def __init__(self, fmt: str, items: Iterator[Item | None]) -> None:
        self.format = fmt
        self.skipped = 0
        self._items = items

    def __iter__(self) -> RecordStream:
        return self

    def __next__(self) -> Item:
        # Readers yield None for a non-camera object so that counting lives in one place.
        while (item := next(self._items)) is None:
            self.skipped += 1
        return item


def detect_format(path: str | Path) -> str:
    """Return one of FORMATS from the extension (and, for .json, the content)."""
    path = Path(path)
    fmt = _format_from_suffix(path)
    return _json_kind(_load_json(path), path) if fmt == "json" else fmt


def read_records(
    path: str | Path, fmt: str = "auto", column_map: dict[str, str] | None = None
) -> RecordStream:
    """Open `path` and return a RecordStream of its Records and Rejections.

    Missing files, unknown formats, invalid JSON and unusable CSV headers raise UnreadableFile
    here; OSM XML/PBF is streamed, so a corrupt OSM file raises it during iteration.
    `column_map` (see parse_column_map) applies to CSV columns and GeoJSON properties.
    """
    path = Path(path)
    column_map = column_map or {}
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected 'auto' or one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    if fmt == "auto":
        fmt = _format_from_suffix(path)
    if fmt in ("osm", "pbf"):
        return RecordStream(fmt, _osm_items(path, fmt))
    if fmt == "csv":
        return RecordStream(fmt, _csv_rows(path, _csv_layout(path, column_map)))
    data = _load_json(path)
    if fmt == "json":
        fmt = _json_kind(data, path)
    if fmt == "overpass":
        return RecordStream(fmt, _overpass_items(_overpass_elements(data, path)))
    return RecordStream(fmt, _geojson_items(_geojson_features(data, path), column_map))


def parse_column_map(text: str) -> dict[str, str]:
    """Parse "lat=Y,lon=X,name=location" into {"lat": "Y", "lon": "X", "name": "location"}."""
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, column = (part.strip() for part in item.partition("="))
        if not (sep and key and column):
            raise ValueError(f"bad column mapping {item!r}: expected KEY=COLUMN, e.g. lat=Y,lon=X")
        if key in mapping:
            raise ValueError(f"bad column mapping: {key!r} is mapped more than once")
        mapping[key] = column
    return mapping


def _format_from_suffix(path: Path) -> str:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = " ".join(_SUFFIXES)
        raise UnreadableFile(f"{path}: unknown format; expected a file ending in one of {known}")
    return fmt


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _coordinate(name: str, raw: Any, limit: int) -> float | str:
    """Return the coordinate as a float, or the reason (a str) why it is unusable."""
    if type(raw) is float and math.isfinite(raw) and abs(raw) <= limit:
        return raw  # an OSM reader's: nothing to parse
    if _blank(raw):
        return f"missing {name}"
    # float() alone would also take "1_0", "nan", "inf" and True: only plain decimals pass.
    text = str(raw).strip()
    if isinstance(raw, bool) or not _NUMBER.fullmatch(text):
        return f"{name} {raw!r} is not a number"
    value = float(text)
    if not math.isfinite(value):  # e.g. "1e999"
        return f"{name} {text} is not finite"
    if abs(value) > limit:
        return f"{name} {text} out of range (-{limit}..{limit})"
    return value


def _item(
    where: str, ref: str, lon: Any, lat: Any, tags: dict[str, str], osm_id: int | None = None
) -> Item:
    """A Record if both coordinates are valid, else a Rejection naming the first problem."""
    if _blank(lon) and _blank(lat):
        return Rejection(where, ref, "missing coordinates")
    lat_value = _coordinate("latitude", lat, 90)
    if isinstance(lat_value, str):
        return Rejection(where, ref, lat_value)
    lon_value = _coordinate("longitude", lon, 180)
    if isinstance(lon_value, str):
        return Rejection(where, ref, lon_value)
    return Record(ref, lon_value, lat_value, tags, osm_id, where)


def _text(value: Any) -> str:
    """A JSON/CSV value as tag text; '' for None (which is then left out)."""
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def _clean_ref(value: Any) -> str | None:
    # Registries export the same id as 1001 in one format and 1001.0 in another.
    return re.sub(r"^(-?\d+)\.0+$", r"\1", _text(value)) or None


def _mapping(column_map: dict[str, str]) -> dict[str, str]:
    """The target-tag part of a column map (lat/lon/ref are handled separately)."""
    return {key: source for key, source in column_map.items() if key not in _SPECIAL_KEYS}


def _tags(values: Mapping[str, Any], mapping: dict[str, str], exclude: set[str]) -> dict[str, str]:
    """Unmapped keys keep their own name; a mapped source appears only under its target key."""
    hidden = exclude | set(mapping.values())
    tags = {
        key: text for key, value in values.items() if key not in hidden and (text := _text(value))
    }
    tags.update(
        {target: text for target, source in mapping.items() if (text := _text(values.get(source)))}
    )
    return tags


def _osm_items(path: Path, fmt: str) -> Iterator[Item | None]:
    # FileProcessor streams the file, so memory does not grow with its size.
    entities = osmium.osm.NODE | osmium.osm.WAY | osmium.osm.RELATION
    try:
        for obj in osmium.FileProcessor(osmium.io.File(str(path), fmt), entities):
            if not (obj.is_node() and obj.tags.get("man_made") == "surveillance"):
                yield None
                continue
            # Read the location without libosmium's checks so out-of-range values get a reason.
            loc = obj.location
            lon = None if loc.x == _UNDEFINED_COORDINATE else loc.lon_without_check()
            lat = None if loc.y == _UNDEFINED_COORDINATE else loc.lat_without_check()
            # A negative id is a node not yet in OSM (JOSM's convention, and our exports').
            osm_id = obj.id if obj.id > 0 else None
            yield _item(f"node {obj.id}", f"node/{obj.id}", lon, lat, dict(obj.tags), osm_id)
    except (RuntimeError, osmium.InvalidLocationError) as exc:  # libosmium's read errors
        raise UnreadableFile(f"{path}: cannot read as OSM {fmt.upper()}: {exc}") from exc


def _load_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8-sig") as f:
            return json.load(f)
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise UnreadableFile(f"{path}: not valid JSON: {exc.msg} ({where})") from exc


def _json_kind(data: Any, path: Path) -> str:
    if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
        return "geojson"
    if (isinstance(data, dict) and "elements" in data) or (
        isinstance(data, list) and any(isinstance(element, dict) for element in data)
    ):
        return "overpass"
    raise UnreadableFile(f"{path}: JSON is neither GeoJSON nor Overpass; name the format")


def _overpass_elements(data: Any, path: Path) -> list[Any]:
    elements = data.get("elements") if isinstance(data, dict) else data
    if not isinstance(elements, list):
        raise UnreadableFile(f"{path}: not Overpass JSON (no 'elements' array)")
    return elements


def _overpass_items(elements: list[Any]) -> Iterator[Item | None]:
    for number, element in enumerate(elements, 1):
        where = f"element {number}"
        tags = element.get("tags", {}) if isinstance(element, dict) else None
        if not isinstance(tags, dict):
            yield Rejection(where, None, "element or its tags is not a JSON object")
            continue
        # Overpass omits "type" in some outputs; such elements are nodes.
        if element.get("type", "node") != "node" or tags.get("man_made") != "surveillance":
            yield None
            continue
        osm_id = element.get("id")
        if isinstance(osm_id, bool) or not isinstance(osm_id, int):
            yield Rejection(where, None, f"node id {osm_id!r} is not an integer")
            continue
        tags = {str(key): str(value) for key, value in tags.items()}
        lon, lat = element.get("lon"), element.get("lat")
        yield _item(f"node {osm_id}", f"node/{osm_id}", lon, lat, tags, osm_id)


def _geojson_features(data: Any, path: Path) -> list[Any]:
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Feature":
        return [data]
    if kind == "FeatureCollection" and isinstance(data.get("features"), list):
        return data["features"]
    raise UnreadableFile(f"{path}: not a GeoJSON FeatureCollection or Feature")


def _geojson_ref(feature: dict, props: dict, ref_key: str | None) -> tuple[str | None, str | None]:
    """Return (property that gave the ref, ref); the map wins, then the feature id."""
    if ref_key:
        return ref_key, _clean_ref(props.get(ref_key))
    if ref := _clean_ref(feature.get("id")):
        return None, ref
    for key in _REF_NAMES:
        if ref := _clean_ref(props.get(key)):
            return key, ref
    return None, None


def _geojson_items(features: list[Any], column_map: dict[str, str]) -> Iterator[Item]:
    mapping = _mapping(column_map)
    for number, feature in enumerate(features, 1):
        where = f"feature {number}"
        # A missing "properties" member is common (and tolerated); a non-object one is not.
        props = (feature.get("properties") or {}) if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            yield Rejection(where, None, "feature or its properties is not a JSON object")
            continue
        ref_key, ref = _geojson_ref(feature, props, column_map.get("ref"))
        ref = ref or f"feature:{number}"
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            yield Rejection(where, ref, "missing coordinates (no geometry)")
            continue
        if geometry.get("type") != "Point":
            yield Rejection(where, ref, f"geometry type {geometry.get('type')} is not a Point")
            continue
        coords = geometry.get("coordinates")
        # A third (altitude) value is allowed and ignored.
        lon, lat = coords[:2] if isinstance(coords, list) and len(coords) >= 2 else (None, None)
        exclude = {key for key in props if key.startswith(EXPORT_PREFIX)}
        exclude |= {ref_key} if ref_key else set()
        node = _OSM_NODE_REF.fullmatch(ref) if ref_key is None else None
        osm_id = int(node[1]) if node else None
        yield _item(where, ref, lon, lat, _tags(props, mapping, exclude), osm_id)


@dataclass(frozen=True)
class _CsvLayout:
    delimiter: str
    header: list[str]
    lat: str
    lon: str
    ref: str | None
    mapping: dict[str, str]  # target tag key -> header column


def _open_text(path: Path) -> TextIO:
    # utf-8-sig drops a BOM that would otherwise stick to the first header name.
    return path.open(encoding="utf-8-sig", newline="")


def _sniff_delimiter(sample: str) -> str:
    sample = sample[: sample.rfind("\n") + 1] or sample  # a cut-off last line confuses Sniffer
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:  # e.g. a single column: comma is the documented default
        return ","


def _csv_layout(path: Path, column_map: dict[str, str]) -> _CsvLayout:
    """Read the header and resolve the coordinate, ref and mapped columns."""
    try:
        with _open_text(path) as f:
            delimiter = _sniff_delimiter(f.read(_SNIFF_CHARS))
            f.seek(0)
            header = [name.strip() for name in next(csv.reader(f, delimiter=delimiter), [])]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UnreadableFile(f"{path}: cannot read as UTF-8 CSV: {exc}") from exc
    if not any(header):
        raise UnreadableFile(f"{path}: empty file; a header row is required")
    by_name = {name.lower(): name for name in header}  # headers match case-insensitively
    if unknown := [col for col in column_map.values() if col.lower() not in by_name]:
        raise UnreadableFile(f"{path}: mapped column(s) {unknown} not in header {header}")
    columns = {key: by_name[col.lower()] for key, col in column_map.items()}

    def column(key: str, candidates: tuple[str, ...]) -> str | None:
        found = (by_name[name] for name in candidates if name in by_name)
        return columns.get(key) or next(found, None)

    lat, lon = column("lat", _LAT_NAMES), column("lon", _LON_NAMES)
    if lat is None or lon is None:
        raise UnreadableFile(
            f"{path}: no latitude/longitude columns in header {header}; "
            "name them with --map lat=COL,lon=COL"
        )
    return _CsvLayout(delimiter, header, lat, lon, column("ref", _REF_NAMES), _mapping(columns))


def _csv_rows(path: Path, layout: _CsvLayout) -> Iterator[Item]:
    exclude = {name for name in (layout.lat, layout.lon, layout.ref) if name}
    with _open_text(path) as f:
        reader = csv.reader(f, delimiter=layout.delimiter)
        line = 0
        try:
            next(reader)  # the header, already checked by _csv_layout
            line = reader.line_num
            for row in reader:
                # A quoted field may span lines: the row starts right after the previous one.
                start, line = line + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                where = f"line {start}"
                values = dict(zip(layout.header, row, strict=False))  # length checked below
                ref = (layout.ref and _clean_ref(values.get(layout.ref))) or f"line:{start}"
                if len(row) != len(layout.header):
                    # A shifted row could put another column's number into lat/lon.
                    reason = f"row has {len(row)} fields but the header has {len(layout.header)}"
                    yield Rejection(where, ref, reason)
                    continue
                lon, lat = values[layout.lon], values[layout.lat]
                yield _item(where, ref, lon, lat, _tags(values, layout.mapping, exclude))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UnreadableFile(f"{path}: line {line + 1}: {exc}") from exc
