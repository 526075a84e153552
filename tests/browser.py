"""Debian's Chromium driven by Playwright, for the tests that look at pages in a browser."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# No skips: `make test` installs Playwright (pip) and Debian's chromium, so a missing
# browser is a broken set-up and must fail loudly.
from playwright import sync_api

CHROMIUM = Path("/usr/bin/chromium")
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


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """A headless Chromium for the duration of the block."""
    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make test` (it installs it)"
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page that records console errors, page errors, dialogs and non-file requests."""

    def __init__(self, browser: object) -> None:
        self.page = browser.new_page(accept_downloads=True)  # type: ignore[attr-defined]
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog {d.message}"), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path) -> object:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def wait_ready(self, table: str) -> None:
        self.page.wait_for_selector(f"[data-table='{table}'][data-state='ready']", timeout=10000)

    def status(self, table: str) -> str:
        return self.page.text_content(f"[data-table='{table}'] .dt-status") or ""

    def column(self, table: str, index: int) -> list[str]:
        return self.page.eval_on_selector_all(
            f"[data-table='{table}'] tbody tr",
            f"rows => rows.map(r => r.children[{index}] ? r.children[{index}].textContent : '')",
        )
