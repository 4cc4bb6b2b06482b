"""Real headless Chromium for page tests (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("PEMILU_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("PEMILU_TEST_ARTIFACTS", "test-artifacts"))


@contextmanager
def chromium_page(viewport: dict[str, int] | None = None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: apt-get install chromium (the README's test "
                           "command and .ci/run install it)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM is used by the test
    # itself (not from inside the loop), so the async-safety guard does not apply.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        try:
            size = viewport or {"width": 1280, "height": 900}
            context = browser.new_context(viewport={"width": size["width"], "height": size["height"]}, locale="id-ID")
            yield context.new_page()
        finally:
            browser.close()


def login(page: Any, base: str, username: str, password: str) -> None:
    """Sign in through the login form and wait for the page it leads to (a click that returns before
    the redirect lets the next request race the login's own)."""
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit].primary")


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
