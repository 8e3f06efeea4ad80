"""Headless Chromium against a live server, for the browser tests.

The live server runs in its own thread on its own connections, so the
data it shows must be committed: `committed()` writes in a thread of its
own and removes its rows afterwards, leaving the shared tenants alone.
pytest-django's `live_server` is not used because it flushes every table
after each test, the tenants' rows included.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.testcases import LiveServerThread
from django_tenants.utils import schema_context

from tests.committed import in_thread

CHROMIUM = os.environ.get("QUALIFORMA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Tenants are told apart by host name; keep every one on loopback.
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

SKIP_REASON = (
    f"Chromium not found at {CHROMIUM}: install it with "
    "`apt-get update && apt-get install -y chromium` (Debian) to run the "
    "browser tests, or point QUALIFORMA_CHROMIUM at another binary."
)


def chromium_missing():
    return shutil.which(CHROMIUM) is None


def skip_or_fail_without_chromium():
    # CI installs Chromium (.ci/run): there a missing one is a failure.
    if chromium_missing():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(SKIP_REASON)
        pytest.skip(SKIP_REASON)


@pytest.fixture(scope="module")
def async_unsafe_allowed():
    # Playwright's sync API keeps an event loop in the test's thread, which
    # makes Django refuse the ORM there, the test transaction included.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """A live server; `server.url("alpha")` is the tenant's base URL."""
    with django_db_blocker.unblock():
        # WhiteNoise, in the middleware, serves the static files.
        thread = LiveServerThread("127.0.0.1", lambda handler: handler)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        thread.url = lambda slug: f"http://{slug}.localhost:{thread.port}"
        yield thread
        thread.terminate()


@pytest.fixture(scope="module")
def chromium(async_unsafe_allowed, django_db_blocker):
    skip_or_fail_without_chromium()
    from playwright import sync_api as playwright_api

    # Django keeps connections per context, and Playwright's greenlets give
    # the test a new one: close each in its own context, or one outlives
    # the session and the test database cannot be dropped.
    with django_db_blocker.unblock():
        connection.close()
    with playwright_api.sync_playwright() as playwright:
        # Playwright gives each launch a fresh, temporary user-data dir.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        with django_db_blocker.unblock():
            connection.close()


@pytest.fixture
def new_page(chromium):
    """`new_page(PHONE)` opens a page in a context with no cookies."""
    contexts = []

    def make(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="fr-FR")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SCREENSHOTS / f"{name}.png"), full_page=True, animations="disabled"
    )


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture(autouse=True)
def _forget_sign_in_failures(django_db_blocker):
    """The live server commits django-axes' failed sign-ins; other tests
    count on a clean slate."""
    yield

    def forget():
        from axes.models import AccessAttempt

        with schema_context("alpha"):
            AccessAttempt.objects.all().delete()

    with django_db_blocker.unblock():
        in_thread(forget)
