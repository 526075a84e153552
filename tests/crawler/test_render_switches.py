"""The Chromium switches rendering launches with, read from the real browser's command line."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from playwright.async_api import async_playwright
from siteaudit.crawler.rendering.support import render_settings

from siteaudit.core.config import CrawlConfig
from tests.helpers import descendants


def _browser_args() -> list[str]:
    """The command line of the browser process Playwright starts with the crawl's options."""
    options = render_settings(CrawlConfig(render="always"))["PLAYWRIGHT_LAUNCH_OPTIONS"]

    async def launch() -> list[str]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**options)
            try:
                for pid in descendants(os.getpid()):
                    try:
                        raw = Path(f"/proc/{pid}/cmdline").read_bytes().decode()
                    except OSError:
                        continue
                    args = raw.split("\0")
                    if "--remote-debugging-pipe" in args and "sh" not in Path(args[0]).name:
                        return args
                return []
            finally:
                await browser.close()

    return asyncio.run(launch())


def test_our_disable_features_keeps_every_feature_playwright_turns_off() -> None:
    # Chromium keeps only the last --disable-features of its command line: ours comes after
    # Playwright's and must repeat all of Playwright's (this fails when Playwright adds one).
    args = _browser_args()
    assert args, "no browser process found"
    values = [a.split("=", 1)[1].split(",") for a in args if a.startswith("--disable-features=")]
    assert len(values) >= 2, values
    last = set(values[-1])
    for earlier in values[:-1]:
        assert set(earlier) <= last, sorted(set(earlier) - last)
    assert "RenderDocument" in last
    assert "--disable-threaded-compositing" in args
    blink = [a for a in args if a.startswith("--blink-settings=")]
    assert blink and "imagesEnabled=false" in blink[-1]
