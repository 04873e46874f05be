"""Real-browser tests: Playwright's sync API driving Debian's chromium against live_server.

`make test` installs chromium when missing; without it these tests are skipped, not failed.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run where a
# loop exists unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def requests_seen() -> list[str]:
    """Every URL the page requested, filled by the `page` fixture."""
    return []


def watch_csp(page) -> list[str]:
    """What our Content Security Policy blocks on `page`: a bug of ours, tests assert none."""
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    return blocked


@pytest.fixture
def page(browser, live_server, requests_seen):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on("request", lambda request: requests_seen.append(request.url))
    blocked = watch_csp(page)
    page.set_default_timeout(15000)
    yield page
    context.close()
    assert not blocked, f"blocked by the Content Security Policy: {blocked}"


@pytest.fixture
def moderator_page(page, live_server):
    """The page, logged in as a moderator with a verified second factor."""
    from django.test import Client

    from tests.factories import log_in_verified, make_moderator

    client = Client()
    log_in_verified(client, make_moderator("mo"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page
