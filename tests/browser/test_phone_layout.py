"""On a phone, no page is wider than the screen (a mobile browser would zoom the page out)."""

import pytest

from tests.browser.conftest import watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/submit/", "/vendors/", "/programs/", "/world/", "/areas/", "/data/"]


def test_pages_fit_a_phone_screen(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    blocked = watch_csp(page)
    widths = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        widths[path] = page.evaluate("() => document.documentElement.scrollWidth")
    context.close()
    assert widths == dict.fromkeys(PAGES, 390)
    assert not blocked, blocked
