"""scrapy-playwright's download handler, with the resource discipline a whole-site crawl needs.

Only requests marked ``meta["playwright"]`` are rendered; the rest go through Scrapy's own
HTTP handler as in any crawl. On top of scrapy-playwright this handler:

- starts Playwright on the first page to render, not at crawl start (``render = "auto"``
  on a site that needs no rendering never starts a browser);
- with private addresses forbidden, starts the browser behind a SOCKS5 proxy that resolves
  every connection through the crawl's guarded resolver (siteaudit.crawler.rendering.
  guarded_proxy): fetch/XHR, WebSockets and names that rebind to a private address are
  refused there, on the address the connection uses;
- renders on a pool of open pages, each navigated from URL to URL, with its own steps
  instead of scrapy-playwright's per-request ones (a route set and removed on every
  request, TLS and address look-ups, the DOM read in Playwright's utility world): each of
  those is a round trip through Playwright's driver or work in Chromium on every page;
- watches every page (siteaudit.crawler.rendering.page_watch): notes the requests and
  WebSockets the guard refuses, waits for the network to go quiet (capped), keeps console
  errors and failed requests;
- keeps images, web fonts, audio and video off the network: images and fonts by launch
  switches (support.RENDER_ARGS), audio and video by MEDIA_ONLY interception;
- closes the browser every RESTART_EVERY pages, once the pages in flight are done, so its
  memory stays flat over a long crawl.

The pool is bounded by PLAYWRIGHT_MAX_PAGES_PER_CONTEXT (one context) and each page by
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT, plus IDLE_CAP_S for the network to go quiet.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import CDPSession, Page, Route
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Request as PlaywrightRequest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Headers, HtmlResponse, Request, Response
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

_RESTART_WAIT_S = 10.0
PLAYWRIGHT_LOGGER = "scrapy-playwright"  # scrapy-playwright's logger's name
# Audio and video are refused before they reach the network. Chromium has no switch for them
# (as it has for images and web fonts), and a Playwright route would pause every request of
# the page for the driver; the DevTools protocol's own interception, asked for media
# requests only, pauses those alone, and the rest never leave the browser's network stack.
MEDIA_ONLY = {"patterns": [{"urlPattern": "*", "resourceType": "Media", "requestStage": "Request"}]}
# The page's DOM as HTML, as Playwright's page.content() builds it, but read in the page's own
# JavaScript world: content() reads it from Playwright's isolated world, for which Chromium
# compiles Playwright's injected script (hundreds of KB) into every new document, a third of
# the renderer's CPU on a small page. A page's script could change what this returns, as it
# can change its DOM; either way the audit sees what the page chose to show.
DOM_HTML = """() => {
  const doctype = document.doctype;
  const root = document.documentElement;
  return (doctype ? new XMLSerializer().serializeToString(doctype) : "") +
    (root ? root.outerHTML : "");
}"""


# ignore: scrapy-playwright ships no type information, so its handler class is Any to mypy
class RenderDownloadHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]
    """Renders marked requests in Chromium; see the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        # scrapy-playwright logs every request and response of every page when its logger lets
        # DEBUG through, which Scrapy's root set-up always does; each such line first asks the
        # browser for a header (a round trip per request). Below the crawl's log level it is
        # dropped anyway: the logger gets that level before the first page exists.
        level = logging.getLevelName(str(crawler.settings.get("LOG_LEVEL", "INFO")).upper())
        logging.getLogger(PLAYWRIGHT_LOGGER).setLevel(level if isinstance(level, int) else 0)
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
        self._watches: dict[Page, PageWatch] = {}
        self._page_headers: dict[Page, Headers] = {}  # the request each page is rendering
        self._resolved: dict[tuple[str, int], str | None] = {}
        self._proxy: GuardedProxy | None = None
        # Scrapy's headers go on a page's own request only when the config adds headers (auth):
        # otherwise the context's user agent is all they would change, and a route costs a round
        # trip through the driver for every request of the page and turns the HTTP cache off.
        self._send_headers = bool(crawler.settings.getlist("SITEAUDIT_HEADERS"))
        # The longest wait for a settled page's DOM (a page's script may keep it busy).
        self._read_timeout_s = (self.config.navigation_timeout_ms or 30_000) / 1000
        self._retries: int = self.config.target_closed_max_retries

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
        """Render one URL on a page of the pool (a new page when none is free)."""
        spider = spider or self._crawler_ref.spider
        assert spider is not None  # pages are rendered for a running spider
        retries = 0
        while True:
            page = self._pooled_page() or await self._create_page(request, spider)
            try:
                response = await self._render_on(page, request)
            except BaseException as error:
                if not page.is_closed():
                    await page.close()  # in an unknown state: not reused
                elif isinstance(error, PlaywrightError) and retries < self._retries:
                    retries += 1  # the page or its browser went away under it: a new page
                    continue
                raise
            self._idle_pages.append(page)
            return response

    async def _render_on(self, page: Page, request: Request) -> Response:
        """Navigate ``page`` to the request's URL, let it settle, and read its DOM."""
        watch = self._watches[page]
        watch.reset()
        self._page_headers[page] = request.headers
        started = time.monotonic()
        navigation = await page.goto(request.url)  # until "load", within the page's timeout
        # The response's headers as Playwright already has them (all_headers() would ask
        # Chromium again for the cookie headers, which nothing downstream reads).
        headers = Headers(navigation.headers if navigation is not None else {})
        headers.pop("Content-Encoding", None)  # the body is the DOM as text, not the bytes sent
        settled = await watch.settle(IDLE_CAP_S)
        html: str = await asyncio.wait_for(page.evaluate(DOM_HTML), self._read_timeout_s)
        request.meta["download_latency"] = time.monotonic() - started
        request.meta[FACTS_META] = watch.facts(settled)
        return HtmlResponse(
            url=page.url,
            status=navigation.status if navigation is not None else 200,
            headers=headers,
            body=html.encode("utf-8"),
            encoding="utf-8",
            request=request,
            flags=["playwright"],
        )

    def _pooled_page(self) -> Page | None:
        while self._idle_pages:
            page = self._idle_pages.pop()
            if not page.is_closed():
                return page
        return None

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
        """A new page of the pool, watched (and given Scrapy's headers) for as long as it is open.

        A page is reused for URL after URL (navigating an open page costs the browser far less
        than opening and closing one), so everything attached to it is attached here, once.
        """
        page: Page = await super()._create_page(request, spider)
        watch = PageWatch(self._address_problem if self._forbid_private else None)
        watch.attach(page)
        self._watches[page] = watch
        page.on("close", self._forget)
        media = await page.context.new_cdp_session(page)
        media.on("Fetch.requestPaused", partial(_refuse, media))
        await media.send("Fetch.enable", MEDIA_ONLY)
        if self._send_headers:
            await page.route("**", self._with_request_headers)
        return page

    def _forget(self, page: Page) -> None:
        self._watches.pop(page, None)
        self._page_headers.pop(page, None)

    async def _with_request_headers(self, route: Route, request: PlaywrightRequest) -> None:
        """Send the Scrapy request's headers (the config's among them) with the page's own
        request, as on a raw fetch; the page's other requests go as the browser makes them."""
        if not request.is_navigation_request() or request.frame.parent_frame is not None:
            await route.continue_()
            return
        headers = self._page_headers.get(request.frame.page)
        if headers is None:
            await route.continue_()
            return
        scrapy_headers = {str(k): str(v) for k, v in headers.to_unicode_dict().items()}
        await route.continue_(headers={**request.headers, **scrapy_headers})

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


async def _refuse(session: CDPSession, paused: dict[str, Any]) -> None:
    """Fail a paused media request as the browser's own blocking would."""
    refusal = {"requestId": paused["requestId"], "errorReason": "BlockedByClient"}
    with suppress(PlaywrightError):  # the page closed meanwhile
        await session.send("Fetch.failRequest", refusal)


def _reactor() -> Any:
    from twisted.internet import reactor  # installed by Scrapy before any download

    return reactor
