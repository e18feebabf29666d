"""Playwright (sync API) driving Debian's Chromium headless against pytest-django's live server.

Chromium comes from `make test` (the Makefile's `browser` step installs Debian's `chromium` when it is missing and
we are root). Without it these tests fail and say why; TRAINER_SKIP_BROWSER=1 skips them on purpose.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# axe-core impacts that fail a page (issue 7: no serious violations).
BLOCKING_IMPACTS = {"serious", "critical"}


def screenshot_dir() -> Path:
    path = Path(settings.VAR_DIR) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium per test module."""
    if os.environ.get("TRAINER_SKIP_BROWSER") == "1":
        pytest.skip("TRAINER_SKIP_BROWSER=1: the browser tests were skipped on request.")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing, so the browser tests cannot run. `make test` installs Debian's chromium when "
            "run as root; otherwise run `apt-get install chromium`, or set TRAINER_SKIP_BROWSER=1 to skip them.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are still synchronous.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()


@pytest.fixture
def site(live_server, transactional_db) -> str:
    return live_server.url


def new_page(browser, base_url: str, viewport: dict | None = None, user=None, **options):
    """A page in a fresh context; signed in as `user` through a session cookie when one is given."""
    context = browser.new_context(viewport=viewport or DESKTOP, base_url=base_url, **options)
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": base_url,
                }
            ]
        )
    return context.new_page()


def sign_in(page, email: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def shoot(page, name: str) -> Path:
    width = page.viewport_size["width"]
    path = screenshot_dir() / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
