"""Whether a crawl can render pages, and the Scrapy settings that make it do so.

Rendering needs the optional scrapy-playwright library (``siteaudit[render]``) and Debian's
Chromium; it never uses a browser build downloaded by ``playwright install``. Without them
the crawl goes on with raw HTML; when it was asked to render (``always``) or would have
rendered some page (``auto``: a page with a script), its stats carry a one-line notice
(``render_notice``) that the CLI prints and the report and the service show.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any

from siteaudit.core.config import CrawlConfig

CHROMIUM_ENV = "SITEAUDIT_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
HANDLER = "siteaudit.crawler.rendering.handler.RenderDownloadHandler"
# Meta key of a request to render; scrapy-playwright reads it.
RENDER_META = "playwright"
# Scrapy stat: pages a crawl would have rendered but for the missing browser.
WANTED_STAT = "siteaudit/render/wanted_unavailable"
# The crawl's stats that say how it rendered (kept by the service across Scrapyd's process).
RENDER_STATS = (
    "siteaudit/render/pages_rendered",
    "siteaudit/render/pages_sampled",
    "siteaudit/render/errors",
    "siteaudit/render/browser_restarts",
    "siteaudit/render/parts",
    WANTED_STAT,
)
# Meta key under which the handler leaves what the browser saw (console, failed requests).
FACTS_META = "siteaudit_render"

# Pages rendered before the browser is closed and started afresh (Chromium's memory only
# grows over a long crawl; a restart every few hundred pages keeps it flat).
RESTART_EVERY = 500
# Chromium switches added when private addresses are forbidden and the browser runs behind
# the guarded proxy: WebRTC may then send UDP (STUN, peer connections) only through a proxy,
# and a SOCKS5 proxy without UDP leaves it none.
GUARD_ARGS = (
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
)
# Longest wait for the network to fall quiet after the load event, in seconds.
IDLE_CAP_S = 3.0

# The features Playwright turns off with its own --disable-features switch (playwright-core's
# chromiumSwitches.ts). Chromium keeps only the last --disable-features of its command line,
# so ours repeats them (tests/crawler/test_render_switches.py fails when Playwright's change).
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
# Chromium switches that cut the browser's work per page without changing any DOM (each one
# measured with bench/render_bench.py, see bench/RESULTS.md):
RENDER_ARGS = (
    # RenderDocument gives every new document a new frame host in the browser process and a
    # new frame in the renderer; without it a page navigated from URL to URL keeps its frame
    # (about a fifth of the CPU per page here).
    "--disable-features=" + ",".join((*PLAYWRIGHT_DISABLED_FEATURES, "RenderDocument")),
    # Compositing on the renderer's main thread: nothing is ever shown, so a compositor
    # thread only adds hand-offs between threads (about a tenth of the CPU per page).
    "--disable-threaded-compositing",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--mute-audio",
    # Kept off the network: web fonts, and images (imagesEnabled below); audio and video
    # have no such switch and are refused by the handler (handler.MEDIA_ONLY).
    "--disable-remote-fonts",
    # Playwright's headless settings (the last --blink-settings wins) plus no images.
    "--blink-settings=imagesEnabled=false,"
    "primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4",
)


def chromium_path() -> str:
    """The Chromium executable rendering uses (SITEAUDIT_CHROMIUM, else Debian's)."""
    return os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM


def render_problem() -> str | None:
    """Why pages cannot be rendered on this machine, or None when they can."""
    if importlib.util.find_spec("scrapy_playwright") is None:
        return "scrapy-playwright is not installed (pip install 'siteaudit[render]')"
    path = chromium_path()
    if not os.access(path, os.X_OK):
        return f"no Chromium at {path} (apt-get install chromium, or set {CHROMIUM_ENV})"
    return None


def effective_render_mode(config: CrawlConfig) -> str:
    """The mode a crawl runs with: ``auto`` without a browser is ``never``."""
    if config.render == "never" or render_problem() is not None:
        return "never"
    return config.render


def render_settings(config: CrawlConfig) -> dict[str, Any]:
    """Scrapy settings for rendering: none unless the crawl renders."""
    if effective_render_mode(config) == "never":
        return {}
    return {
        # Requests without meta["playwright"] still go through Scrapy's own HTTP handler.
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium_path(),
            "headless": True,
            # Scrapy handles Ctrl-C and closes the browser itself, once the crawl stops.
            "handle_sigint": False,
            "handle_sigterm": False,
            "handle_sighup": False,
            "args": list(RENDER_ARGS),
        },
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": config.render_concurrency,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": config.render_timeout * 1000,
        # Scrapy's headers (User-Agent, the config's extra headers) on the page's own request.
        "PLAYWRIGHT_CONTEXTS": {
            "default": {"user_agent": config.user_agent, "java_script_enabled": True}
        },
    }


def unavailable_notice(problem: str) -> str:
    """The one line that says a crawl could not render (``problem``: render_problem's)."""
    return f"pages were crawled raw, not rendered: {problem}"


def render_stats(config: CrawlConfig, scrapy_stats: dict[str, Any]) -> dict[str, Any]:
    """The crawl's figures on rendering (none when it did not render)."""
    mode = effective_render_mode(config)
    if mode == "never":
        problem = render_problem()
        wanted = config.render == "always" or scrapy_stats.get(WANTED_STAT, 0) > 0
        if config.render != "never" and problem is not None and wanted:
            return {"render": "unavailable", "render_notice": unavailable_notice(problem)}
        return {}
    parts: dict[str, str] = scrapy_stats.get("siteaudit/render/parts") or {}
    return {
        "render": mode,
        "pages_rendered": scrapy_stats.get("siteaudit/render/pages_rendered", 0),
        "pages_sampled": scrapy_stats.get("siteaudit/render/pages_sampled", 0),
        "render_errors": scrapy_stats.get("siteaudit/render/errors", 0),
        "browser_restarts": scrapy_stats.get("siteaudit/render/browser_restarts", 0),
        "render_decisions": "; ".join(f"{part} {why}" for part, why in parts.items()),
    }
