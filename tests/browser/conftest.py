"""Browser tests: Playwright drives Debian's Chromium (``/usr/bin/chromium``, headless, no
sandbox, no background networking: this machine has no internet, and a test tool's own
browser download does not work here) against a real ``aspinix serve`` and worker, in review
mode, with the fake OpenAI and Graph API servers on loopback.

``ASPINIX_SCREENSHOTS=<folder>`` makes the tests that show a page worth seeing save it there
(``make screenshots`` refreshes ``docs/screenshots``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from fakes.graph_api import FakeGraphAPI
from fakes.openai_server import FakeOpenAI
from tests.browser.accounts import ConsoleUser, create_console_user
from tests.e2e.deployment import Deployment, make_deployment, running

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _fresh_fakes(graph: FakeGraphAPI, ai: FakeOpenAI) -> None:
    """The module's fake model and Graph API (``tests/conftest.py``), emptied per test."""
    graph.reset()
    ai.reset()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module. Not for the whole session: Playwright's synchronous API
    keeps an event loop running in the main thread while it is open, and tests of other
    packages that call ``asyncio.run`` would then fail."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def console(
    tmp_path_factory: pytest.TempPathFactory,
    master_key_text: str,
    graph: FakeGraphAPI,
    ai: FakeOpenAI,
) -> Iterator[Deployment]:
    """A review-mode deployment on SQLite: drafts wait for a rep in the console."""
    deployment = make_deployment(
        "sqlite", tmp_path_factory.mktemp("console"), master_key_text, graph, ai, "review"
    )
    yield from running(deployment)


@pytest.fixture(scope="module")
def admin(console: Deployment) -> ConsoleUser:
    return create_console_user(console, "admin")


@pytest.fixture(scope="module")
def rep(console: Deployment) -> ConsoleUser:
    return create_console_user(console, "rep")


@pytest.fixture(scope="module")
def auditor(console: Deployment) -> ConsoleUser:
    return create_console_user(console, "auditor")


@pytest.fixture
def context(browser: Browser, console: Deployment) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) for one test."""
    fresh = browser.new_context(base_url=console.base_url)
    fresh.set_default_timeout(15_000)
    yield fresh
    fresh.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def screenshot(page: Page, name: str) -> None:
    """Save the page for the README when ASPINIX_SCREENSHOTS names a folder."""
    folder = os.environ.get("ASPINIX_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
