"""Spanish everywhere: a walk through every page in Spanish (with the map's panels open, a
sighting sent with errors and one beside known cameras) fails on any English word left in the
text a person reads or hears (visible text, labels, titles, placeholders, alternative text).

Proper names are allowed (ALLOWED); the API docs are for developers and stay in English."""

import re

import pytest

from tests.browser.test_accessibility import session_cookie, settle
from tests.site_pages import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words common in our English interface and never Spanish.
ENGLISH = set(
    """the and of to with this that your you is are it its on for from by not what which who
    where when how there here have was were be been will would can could should may must
    all any each every other more most some only also just than then them they their these
    those about after before over under into onto out up down off again once
    camera cameras map maps report reports send sent sending search filter filters list share
    locate open close show hide drag tap pin photo photos note history seen still gone wrong
    active removed unknown type types page pages next previous copy address receipt waiting
    approve approved reject rejected merge pending moderator moderators sighting sightings
    vendor vendors operator operators program programs country countries world area areas
    data download file files help loading found nothing none never verified since last
    direction angle view centre center tiles legend key colour shape square circle
    dome fixed panning stale confirm confirmed edit correct correction something thanks thank
    please check sure yes back home language main skip content menu queue clear""".split()
)
# Proper names and codes that are the same in every language.
ALLOWED = [
    "Surveillance Map",
    "OpenStreetMap",
    "Natural Earth",
    "world-atlas",
    "GeoNames",
    "Leaflet",
    "Hikvision",
    "Stadtpolizei Zürich",
    "ECU-911",
    "Testville",
    "Open Database License",
    "Open Data Commons",
    "CC BY 4.0",  # a licence's name
]
SCRIPT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      if (el.getAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join("\\n");
}"""


def english_words(text: str) -> set[str]:
    """The English words of `text`, each with the line it stands in."""
    for name in ALLOWED:
        text = text.replace(name, " ")
    text = re.sub(r"https?://\S+|/\S*", " ", text)  # addresses
    return {
        f"{word!r} in {line.strip()[:80]!r}"
        for line in text.splitlines()
        for word in re.findall(r"[^\W\d_]+", line)
        if word.lower() in ENGLISH
    }


def test_every_page_in_spanish_has_no_english_left(browser, live_server):
    site = make_site()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies(
        [
            {"name": "django_language", "value": "es", "url": live_server.url},
            session_cookie(live_server, site["moderator"]),
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    found = {}

    def read(name):
        settle(page)
        words = english_words(page.evaluate(SCRIPT))
        if words:
            found[name] = sorted(words)

    pages = {k: v for k, v in site["pages"].items() if k != "api docs"}
    for name, path in {**pages, **site["moderation"]}.items():
        page.goto(live_server.url + path)
        read(name)
    page.goto(live_server.url + "/?z=17&lat=47.3769&lon=8.5417")
    page.wait_for_function("() => window.cameraLayer !== undefined")
    page.click("#filters-button")
    read("map filters")
    page.click("#list-button")
    page.wait_for_selector("#camera-list li")
    read("map list")
    page.locator("#camera-list .list-show").first.click()
    page.wait_for_selector(".leaflet-popup")
    read("map popup")
    page.goto(live_server.url + "/submit/")
    page.click("#send")
    page.wait_for_selector("#form-errors")
    read("submit with errors")
    page.goto(live_server.url + "/submit/?z=18&lat=47.3769&lon=8.5417")
    page.wait_for_function("() => window.submitMap !== undefined")
    page.locator("#sm-map").click()
    page.wait_for_selector("#nearby:not([hidden])")
    read("submit with nearby cameras")
    context.close()
    assert not found, "\n".join(f"{name}: {w}" for name, words in found.items() for w in words)
