"""Walk the main pages in Spanish: no interface text may be left in English.

Each page is rendered twice, with `Accept-Language: en` and `es`. Visible text (and the
title, aria-label, placeholder and alt attributes) is cut into phrases; a phrase found in both
renderings is untranslated, unless it is data (a name, title or note stored in the database),
a country name, or one of the few words that are the same in both languages.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import models

from surveillance_map.areas.services import import_areas
from surveillance_map.cameras.models import Camera, Revision
from surveillance_map.lib.countries import country_name
from surveillance_map.sightings.models import Sighting
from surveillance_map.transparency.models import Evidence, Operator, Program, Vendor
from surveillance_map.transparency.services import load_transparency
from tests.factories import log_in_verified, make_camera, make_moderator

pytestmark = pytest.mark.django_db

# Words spelled alike in English and Spanish, brand and format names.
SAME_IN_BOTH = {
    "Surveillance Map",
    "API",
    "CSV",
    "GeoJSON",
    "JSON",
    "OpenStreetMap",
    "SHA",
    "km²",
    "EN",
    "ES",
    "English",
    "español",
    "ODbL",
    "Open Database License",
    "Natural Earth",
    "GeoNames",
    "CC BY",
    # basis values as they appear in the data (columns and filters)
    "documented",
    "tagged",
    "world-atlas",
    "manage.py import_areas",
    "manage.py publish_dataset",
    "python manage.py publish_dataset",
    "Real",
    "ATM",
    "Zürich",
    "NE",
    "SE",
    "SW",
    "NW",
    "PTZ",
    "JPEG",
    "UTC",
    "Atom",
}
SPLIT = re.compile(r"[·,;:()\[\]/—–|«»“”\"#%°×←→…]|\s-\s|\d+(?:[.,]\d+)*|\s{2,}|\n")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea", "code"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def phrases(text_parts) -> set[str]:
    found = set()
    for part in text_parts:
        part = re.sub(r"https?://\S+", " ", part)
        for chunk in SPLIT.split(part):
            chunk = chunk.strip().strip(".!?'’").strip()
            if len(re.findall(r"[^\W\d_]", chunk)) >= 2 and not re.fullmatch(r"[A-Z]{2}", chunk):
                found.add(chunk)
    return found


def page_phrases(client, url: str, language: str) -> set[str]:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200, (url, language, response.status_code)
    parser = _Text()
    parser.feed(response.content.decode())
    return phrases(parser.parts)


def data_phrases() -> set[str]:
    """Every stored text value, cut the same way: data is shown as it is in any language."""
    values = []
    for model in (Camera, Vendor, Operator, Program, Evidence, Sighting):
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        for row in model.objects.values_list(*text_fields):
            values += [str(v) for v in row if v]
    for vendor in Vendor.objects.all():
        values += vendor.aliases
    from surveillance_map.areas.models import Area

    for area in Area.objects.all():
        values += [area.name, area.description]
    # Field names a source supports, and those a revision changed, are shown as they are.
    for supports in Evidence.objects.values_list("supports", flat=True):
        values += supports
    for revision in Revision.objects.all():
        values += [*revision.changed_fields, revision.actor_label]
    codes = {
        *Camera.objects.values_list("country", flat=True),
        *Program.objects.values_list("country", flat=True),
        *Vendor.objects.values_list("country_of_origin", flat=True),
    }
    values += [country_name(code, "en") for code in codes if code]
    return phrases(values)


@pytest.fixture
def site(db):
    load_transparency(settings.BASE_DIR / "fixtures" / "transparency.json")
    import_areas(path=settings.BASE_DIR / "fixtures" / "areas_demo.geojson")
    hik = Vendor.objects.get(slug="hikvision")
    police = Operator.objects.get(slug="government-of-ecuador")
    camera = make_camera(
        name="Limmatquai",
        location=Point(8.5434, 47.3717),
        vendor=hik,
        operator=police,
        zone="town",
        mount="pole",
        capabilities=["ptz"],
    )
    make_camera(location=Point(8.5450, 47.3730), status="removed")
    return {"camera": camera}


def test_main_pages_have_no_english_interface_text_in_spanish(client, site):
    camera = site["camera"]
    urls = [
        "/",
        "/areas/",
        "/areas/zurich/",
        "/vendors/",
        "/vendors/hikvision/",
        "/programs/",
        "/programs/ecu-911/",
        "/world/",
        "/countries/ch/",
        "/countries/ec/",
        f"/cameras/{camera.pk}/",
        f"/cameras/{camera.pk}/history/",
        "/submit/",
        "/data/",
    ]
    data = data_phrases()
    left = {}
    for url in urls:
        english = page_phrases(client, url, "en")
        spanish = page_phrases(client, url, "es")
        untranslated = (english & spanish) - data - SAME_IN_BOTH
        if untranslated:
            left[url] = sorted(untranslated)
    assert left == {}, "\n".join(f"{url}: {phrases}" for url, phrases in left.items())


def test_moderation_pages_have_no_english_interface_text_in_spanish(client, site):
    from surveillance_map.sightings import services

    moderator = make_moderator()
    sighting = services.sighting_submit(
        kind="edit",
        camera=site["camera"],
        fields={"location": Point(8.5435, 47.3718), "zone": "traffic"},
        photos=(),
    )
    log_in_verified(client, moderator)
    data = data_phrases() | phrases(["alice"])
    left = {}
    for url in ["/moderation/", f"/moderation/{sighting.pk}/"]:
        untranslated = (page_phrases(client, url, "en") & page_phrases(client, url, "es")) - data
        if untranslated - SAME_IN_BOTH:
            left[url] = sorted(untranslated - SAME_IN_BOTH)
    assert left == {}, "\n".join(f"{url}: {phrases}" for url, phrases in left.items())


def test_the_spanish_pages_are_marked_spanish_and_localise_numbers(client, site):
    html = client.get("/areas/zurich/", headers={"accept-language": "es"}).content.decode()
    assert '<html lang="es">' in html
    assert "Cámaras instaladas" in html
    # Spanish writes decimals with a comma: the area in km² is 170,9 (English 170.9).
    assert re.search(r"\d+,\d&nbsp;km²", html)
    assert "de noviembre de" in html or "de diciembre de" in html or " de " in html


def test_the_walk_can_tell_an_untranslated_phrase():
    english = phrases(["Cameras in place", "Hikvision"])
    spanish = phrases(["Cameras in place", "Hikvision"])
    assert (english & spanish) - phrases(["Hikvision"]) == {"Cameras in place"}


def test_the_language_switcher_sets_spanish_for_the_next_pages(client, site):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/vendors/"})
    assert response.status_code == 302 and response["Location"] == "/vendors/"
    assert "Proveedores" in client.get("/vendors/").content.decode()
