"""scrapy-playwright's download handler, with the resource discipline a whole-site crawl needs.

Only requests marked ``meta["playwright"]`` are rendered; the rest go through Scrapy's own
HTTP handler as in any crawl. On top of scrapy-playwright this handler:

- starts Playwright on the first page to render, not at crawl start (``render = "auto"``
  on a site that needs no rendering never starts a browser);
- with private addresses forbidden, starts the browser behind a SOCKS5 proxy that resolves
  every connection through the crawl's guarded resolver (siteaudit.crawler.rendering.
  guarded_proxy): fetch/XHR, WebSockets and names that rebind to a private address are
  refused there, on the address the connection uses;
- watches every page (siteaudit.crawler.rendering.page_watch): aborts images, media and
  fonts, notes the requests and WebSockets the guard refuses, waits for the network
  to go quiet (capped), keeps console errors and failed requests;
- closes the browser every RESTART_EVERY pages, once the pages in flight are done, so its
  memory stays flat over a long crawl.

The pool is bounded by PLAYWRIGHT_MAX_CONTEXTS and PLAYWRIGHT_MAX_PAGES_PER_CONTEXT and each
page by PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT plus IDLE_CAP_S (see support.render_settings).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Page
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from siteaudit.crawler.address_guard import FORBID_SETTING, refused_address
from siteaudit.crawler.rendering.guarded_proxy import GuardedProxy, resolver_lookup
from siteaudit.crawler.rendering.page_watch import PageWatch
from siteaudit.crawler.rendering.support import (
    FACTS_META,
    GUARD_ARGS,
    IDLE_CAP_S,
    RESTART_EVERY,
)

logger = logging.getLogger(__name__)

_WATCH_META = "_siteaudit_page_watch"
_RESTART_WAIT_S = 10.0


# ignore: scrapy-playwright ships no type information, so its handler class is Any to mypy
class RenderDownloadHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]
    """Renders marked requests in Chromium; see the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._crawler_ref = crawler
        self._forbid_private = crawler.settings.getbool(FORBID_SETTING)
        self._restart_every = crawler.settings.getint("SITEAUDIT_RENDER_RESTART", RESTART_EVERY)
        self._launched = False
        self._launch_lock = asyncio.Lock()
        self._restart_lock = asyncio.Lock()
        self._renders_since_start = 0
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        # Renders at once: the pool's size (scrapy-playwright's own bound counts open pages).
        self._slots = asyncio.Semaphore(self.config.max_pages_per_context)
        self._idle_pages: list[Page] = []  # open pages waiting for their next URL
        self._baseline: dict[Page, dict[str, list[Any]]] = {}
        self._resolved: dict[tuple[str, int], str | None] = {}
        self._proxy: GuardedProxy | None = None
        # scrapy-playwright routes every request of a page to set Scrapy's headers on the page's
        # own request; without headers of the config's own the context's user agent is all it
        # would set, and the route costs a round trip per request and the HTTP cache.
        self._keep_routes = bool(crawler.settings.getlist("SITEAUDIT_HEADERS"))

    # -- lazy start ---------------------------------------------------------------------------

    async def _maybe_launch_in_thread(self) -> None:
        return  # started by the first page to render instead (see _download_request)

    async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
        if not self._launched:
            async with self._launch_lock:
                if not self._launched:
                    if self._forbid_private:
                        await self._start_proxy()
                    await self._launch()
                    self._launched = True
        async with self._slots:
            async with self._restart_lock:
                if self._renders_since_start >= self._restart_every:
                    await self._restart_browser()
                self._renders_since_start += 1
                self._in_flight += 1
                self._idle.clear()
            try:
                return await self._render(request, spider)
            finally:
                self._in_flight -= 1
                if self._in_flight == 0:
                    self._idle.set()

    async def _render(self, request: Request, spider: Spider | None) -> Response:
        """One page through scrapy-playwright, on a page of the pool when one is free."""
        while self._idle_pages:
            page = self._idle_pages.pop()
            if not page.is_closed():
                request.meta["playwright_page"] = page
                break
        request.meta["playwright_include_page"] = True  # the page goes back to the pool
        request.meta["playwright_page_init_callback"] = self._init_page
        try:
            response: Response = await super()._download_request(request, spider)
        except BaseException:
            page = request.meta.pop("playwright_page", None)
            if page is not None and not page.is_closed():
                await page.close()  # in an unknown state: not reused
            raise
        finally:
            request.meta.pop("playwright_page_init_callback", None)
            request.meta.pop("playwright_include_page", None)
            request.meta.pop(_WATCH_META, None)
        page = request.meta.pop("playwright_page", None)
        if page is not None and not page.is_closed():
            self._release(page)
        return response

    async def _start_proxy(self) -> None:
        """Put the guarded proxy between the browser and every address it connects to."""
        self._proxy = GuardedProxy(resolver_lookup(_reactor().nameResolver))
        port = await self._proxy.start()
        options = dict(self.config.launch_options)
        options["proxy"] = {"server": f"socks5://127.0.0.1:{port}"}
        options["args"] = [*options.get("args", []), *GUARD_ARGS]
        self.config.launch_options = options

    async def _close(self) -> None:
        await super()._close()
        if self._proxy is not None:
            self.stats.set_value("siteaudit/render/proxy_refused", len(self._proxy.refused))
            await self._proxy.close()

    # -- pages: pool, restarts ------------------------------------------------------------------

    async def _create_page(self, request: Request, spider: Spider) -> Page:
        page: Page = await super()._create_page(request, spider)
        self._baseline[page] = _listeners(page)
        page.on("close", self._forget)
        return page

    def _forget(self, page: Page) -> None:
        self._baseline.pop(page, None)

    def _release(self, page: Page) -> None:
        """Put a rendered page back in the pool, without this render's event handlers.

        A page is reused for the next URL (navigating an open page costs the browser far
        less than opening and closing one); scrapy-playwright and the page's watch add
        handlers for each request, which must not pile up.
        """
        baseline = self._baseline.get(page, {})
        emitter: Any = _emitter(page)
        for event, handlers in _listeners(page).items():
            for handler in handlers:
                if handler not in baseline.get(event, ()):
                    emitter.remove_listener(event, handler)
        self._idle_pages.append(page)

    async def _restart_browser(self) -> None:
        """Close the browser once the pages in flight are done; the next page starts a new one."""
        await self._idle.wait()
        pool, self._idle_pages = self._idle_pages, []
        for page in pool:
            if not page.is_closed():
                await page.close()
        browser = getattr(self, "browser", None)
        if browser is not None:
            await browser.close()
            # scrapy-playwright forgets the browser in its "disconnected" handler.
            loop = asyncio.get_running_loop()
            deadline = loop.time() + _RESTART_WAIT_S
            while hasattr(self, "browser") and loop.time() < deadline:
                await asyncio.sleep(0.01)
        self._renders_since_start = 0
        self.stats.inc_value("siteaudit/render/browser_restarts")

    # -- one page -------------------------------------------------------------------------------

    async def _init_page(self, page: Page, request: Request) -> None:
        if not self._keep_routes:
            await page.unroute("**")
        watch = PageWatch(self._address_problem if self._forbid_private else None)
        request.meta[_WATCH_META] = watch
        await watch.attach(page)

    async def _apply_page_methods(self, page: Page, request: Request, spider: Spider) -> None:
        watch: PageWatch | None = request.meta.get(_WATCH_META)
        settled = await watch.settle(IDLE_CAP_S) if watch is not None else False
        await super()._apply_page_methods(page, request, spider)
        if watch is not None:
            request.meta[FACTS_META] = watch.facts(settled)

    # -- the address guard, for notes on what the browser was refused -----------------------

    async def _address_problem(self, url: str) -> str | None:
        """Why the browser may not fetch ``url`` (a host that is not public), or None.

        Only for the page's notes and to fail early: the proxy enforces the guard.
        """
        parts = urlsplit(url)
        host = parts.hostname
        if parts.scheme not in ("http", "https", "ws", "wss") or not host:
            return None  # data:, blob:, about: never reach the network
        port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
        key = (host, port)
        if key not in self._resolved:
            self._resolved[key] = await self._check_host(host, port)
        return self._resolved[key]

    async def _check_host(self, host: str, port: int) -> str | None:
        addresses = await resolver_lookup(_reactor().nameResolver)(host, port)
        if not addresses and refused_address(host) is not None:
            return "blocked: private address"
        return None


# Page events that scrapy-playwright and PageWatch listen to for one request.
_PAGE_EVENTS = (
    "download",
    "response",
    "request",
    "requestfinished",
    "requestfailed",
    "console",
    "pageerror",
    "websocket",
)


def _emitter(page: Page) -> Any:
    # The public Page wraps each handler; its implementation object is the event emitter
    # that can list them (to remove one request's handlers from a reused page).
    return page._impl_obj


def _listeners(page: Page) -> dict[str, list[Any]]:
    emitter = _emitter(page)
    return {event: list(emitter.listeners(event)) for event in _PAGE_EVENTS}


def _reactor() -> Any:
    from twisted.internet import reactor  # installed by Scrapy before any download

    return reactor
