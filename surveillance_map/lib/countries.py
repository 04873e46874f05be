"""Country names in the active language and ISO numeric codes (world map), from pycountry."""

import functools
import gettext

import pycountry
from django.utils.translation import get_language

# Short forms a reader expects, where the ISO name is a long or contested official form.
_SHORT_NAMES = {"TW": "Taiwan", "KR": "South Korea", "KP": "North Korea", "RU": "Russia"}


@functools.cache
def _translation(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in `language` (default: the active one); the code if unknown."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    if country is None:
        return code
    language = (language or get_language() or "en").split("-")[0]
    if code.upper() in _SHORT_NAMES and language == "en":
        return _SHORT_NAMES[code.upper()]
    name = getattr(country, "common_name", None) or country.name
    return _translation(language).gettext(name)


def numeric_code(code: str) -> str:
    """ISO 3166-1 numeric code ("156" for CN), as world-atlas names its shapes; "" if unknown."""
    country = pycountry.countries.get(alpha_2=(code or "").upper())
    return country.numeric if country else ""


def is_country(code: str) -> bool:
    return len(code or "") == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None
