"""The site spider: start URLs and sitemaps in, one Page item per URL out.

Redirects are not followed by Scrapy's middleware: each hop is stored as its own page
(status + Location) and the target is queued like a link, so chains and loops can be
measured afterwards and are never followed forever (each URL is fetched once).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, StopDownload
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from siteaudit.crawler.extracted import Extracted
from siteaudit.crawler.extraction import extract_page
from siteaudit.crawler.failures import describe_failure
from siteaudit.crawler.items import SitemapBatch
from siteaudit.crawler.link_checks import LinkCheckMixin
from siteaudit.crawler.markdown_pages import RenderedMarkdown, is_markdown_url, render_markdown
from siteaudit.crawler.prompt_shutdown import RequeuedOnShutdown
from siteaudit.crawler.rendering.spider import RenderMixin, uncrawlable_events
from siteaudit.crawler.resume import ResumePlan
from siteaudit.crawler.scope import CrawlScope, Decision
from siteaudit.crawler.settings_map import config_settings
from siteaudit.crawler.site_aliases import SiteAliases
from twisted.python.failure import Failure

from siteaudit.core.config import CrawlConfig
from siteaudit.core.records import CrawlEvent, Page, SitemapEntry
from siteaudit.core.urls import normalize_url

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SITEMAP_MAX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed
_SITEMAP_OUT_OF_SCOPE = "sitemap outside the crawl's hosts; not fetched (allow its host to read it)"


class PageRequest(scrapy.Request):
    """The request for a page; it names its callbacks cheaply when queued to disk.

    With JOBDIR, Scrapy's scheduler stores every request as a dict and finds each callback's
    name by reading every attribute of the spider (inspect.getmembers): ~0.1 ms a request.
    """

    def to_dict(self, *, spider: scrapy.Spider | None = None) -> dict[str, Any]:
        callback, errback = self.callback, self.errback
        if not (_spider_method(callback, spider) and _spider_method(errback, spider)):
            return super().to_dict(spider=spider)
        self.callback = self.errback = None
        try:
            data = super().to_dict(spider=spider)
        finally:
            self.callback, self.errback = callback, errback
        assert callback is not None and errback is not None  # both are spider methods
        data["callback"], data["errback"] = callback.__name__, errback.__name__
        return data


def _spider_method(func: Any, spider: scrapy.Spider | None) -> bool:
    """True if ``func`` is ``spider``'s own method under its own name (so it round-trips)."""
    name = getattr(func, "__name__", "")
    return (
        spider is not None
        and getattr(func, "__self__", None) is spider
        and (getattr(spider, name, None) == func)
    )


class SiteSpider(RenderMixin, LinkCheckMixin, scrapy.Spider):
    """Crawl one site: follow internal links, record every response and failure.

    With link checking on (CrawlConfig.check_*), also checks assets and external links.
    """

    name = "site"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # A crawl started by Scrapyd or `scrapy crawl` knows its config only from the spider's
        # arguments; the settings are not frozen yet, so they follow it here (the CLI runner
        # sets the same values at a higher priority before).
        crawler.settings.setdict(config_settings(spider.config), priority="spider")
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        if spider.references:  # only link checks ask for headers-only downloads
            crawler.signals.connect(spider._on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider.save_cache, signal=signals.spider_closed)
        return spider

    def __init__(
        self,
        config: CrawlConfig | None = None,
        url: str | None = None,
        sitemap: str | None = None,
        config_json: str | None = None,
        resume_plan: ResumePlan | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if config is None:
            # `scrapy crawl site -a url=... [-a sitemap=...] [-a config_json='{...}']`
            data = json.loads(config_json) if config_json else {}
            if url:
                data["start_urls"] = url.split(",")
            if sitemap:
                data["sitemaps"] = sitemap.split(",")
            config = CrawlConfig.from_dict(data).validate()
        if not config.start_urls and not config.sitemaps:
            raise ValueError("give at least one start URL or sitemap (-a url=...)")
        self.config = config
        self.scope = CrawlScope(config)
        self.aliases = SiteAliases(config.site_aliases)
        self.state: dict[str, Any] = {}
        self.resume_plan = resume_plan
        # Link checking wants every reference, its line:column and the page's ids.
        self.references = (
            config.check_assets
            or config.check_external
            or config.check_fragments
            or config.source_positions
        )
        # check --changed-files: only these pages' links are followed and checked; the
        # pages they link to are fetched for their status and #fragments, not read further.
        sources = (normalize_url(u, config.query) for u in config.link_sources)
        self.link_sources = frozenset(u for u in sources if u) or None
        self._setup_link_checks()
        self._setup_rendering(resume_plan.render_samples if resume_plan else None)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Start URLs, robots.txt (for its Sitemap: lines) and the sitemaps."""
        self.publish_render_plan()
        if "scope" in self.state:
            self.scope.restore(self.state["scope"])
        self.state["scope"] = self.scope.snapshot()
        if self.resume_plan is not None:
            for item in self._resume_from_plan(self.resume_plan):
                yield item
        for raw in self.config.start_urls:
            url = normalize_url(raw, self.config.query)
            if url and self.scope.decide(url, forced=True) is Decision.FOLLOW:
                yield self._request(url, depth=0, via="start", source=None)
        sitemaps = list(self.config.sitemaps)
        if self.config.use_sitemaps:
            for raw in self.config.start_urls:
                root = urljoin(raw, "/")
                yield scrapy.Request(
                    urljoin(root, "/robots.txt"),
                    callback=self.parse_robots,
                    errback=self.on_aux_error,
                    meta={"dont_obey_robotstxt": True, "handle_httpstatus_all": True},
                    priority=10,
                )
                sitemaps.append(urljoin(root, "/sitemap.xml"))
        for url in sitemaps:
            yield self._sitemap_request(url)

    def _resume_from_plan(self, plan: ResumePlan) -> Iterator[Any]:
        """Continue a crawl from its stored pages: queue what they found and nobody fetched."""
        self.scope.restore_from_store(plan.crawled, plan.checked)
        self.state.setdefault("sitemap_pending", []).extend(reversed(plan.sitemap))
        for pending in plan.pending:
            yield from self._follow(
                pending.url, depth=pending.depth, via=pending.via, source=pending.source
            )
        if self.references:
            # The asset and external checks a killed crawl had claimed but not stored.
            for source, links in plan.unchecked.items():
                depth = plan.depths.get(source, 0)
                yield from self.check_references(Page(source, depth=depth, links=links))
        self.resume_plan = None  # the plan can be large: free it once queued

    # -- requests --------------------------------------------------------------------------

    def _request(self, url: str, *, depth: int, via: str, source: str | None) -> scrapy.Request:
        return PageRequest(
            url,
            callback=self.parse,
            errback=self.on_error,
            meta={
                "depth": depth,
                "found_via": via,
                "found_on": source,
                "handle_httpstatus_all": True,
            },
            # Breadth-first-ish: shallow pages first, so limits keep the important ones.
            priority=-depth,
            # The scope lets each URL through once: Scrapy's duplicate filter would only
            # hash every URL again and keep a second set of them.
            dont_filter=True,
        )

    def _sitemap_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_sitemap,
            errback=self.on_aux_error,
            meta={"handle_httpstatus_all": True, "dont_obey_robotstxt": True},
            priority=5,
        )

    def _discovered_sitemap(self, url: str) -> scrapy.Request | CrawlEvent:
        """A sitemap named by robots.txt or a sitemap index: fetched only on the crawl's hosts.

        Anything else would let a site make the crawler request other hosts or ports (and
        read their answers back from the sitemap errors).
        """
        normal = normalize_url(url, "keep")
        if normal is None or not self.scope.is_internal(normal):
            return CrawlEvent("sitemap-error", url, _SITEMAP_OUT_OF_SCOPE)
        return self._sitemap_request(url)

    def _follow(self, url: str, *, depth: int, via: str, source: str) -> Iterator[Any]:
        if depth > self.config.max_depth:
            return
        if self.scope.decide(url) is Decision.FOLLOW:
            yield self._request(url, depth=depth, via=via, source=source)
        yield from self.scope.drain_events()

    def _on_idle(self) -> None:
        """Once links are exhausted, fetch what only the sitemaps know (orphan candidates)."""
        pending = self.state.setdefault("sitemap_pending", [])
        scheduled = False
        while pending:
            url, source = pending.pop()
            for item in self._follow(url, depth=1, via="sitemap", source=source):
                if isinstance(item, scrapy.Request):
                    self.crawler.engine.crawl(item)
                    scheduled = True
        if scheduled:
            raise DontCloseSpider

    def _on_headers(self, request: scrapy.Request, **kwargs: Any) -> None:
        # A link check needs the status, not the body: stop the download here.
        if request.meta.get("headers_only"):
            raise StopDownload(fail=False)

    # -- callbacks ---------------------------------------------------------------------------

    def parse(self, response: Response) -> Iterator[Any]:
        """Record the response as a Page; queue its internal links and redirect target."""
        meta = response.meta
        depth = int(meta.get("depth", 0))
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        page = Page(
            url=response.url,
            status=response.status,
            content_type=content_type or None,
            depth=depth,
            found_via=meta.get("found_via", "link"),
            found_on=meta.get("found_on"),
            elapsed_ms=round(meta.get("download_latency", 0.0) * 1000, 1),
            size=len(response.body),
            x_robots_tag=_header(response, b"X-Robots-Tag"),
        )
        if 300 <= response.status < 400:
            location = response.headers.get(b"Location")
            if location:
                target = normalize_url(
                    urljoin(response.url, location.decode("latin-1")), self.config.query
                )
                page.location, page.redirect_kind = target, "http"
        elif _is_html(content_type, response.body) or self._is_markdown(response):
            if _looks_binary(response.body):
                detail = f"binary data served as {content_type or 'HTML'}; not parsed"
                yield CrawlEvent("content-error", page.url, detail)
            elif (yield from self._parse_html(response, page)):
                return  # stored once rendered (see RenderMixin.parse_rendered)
        if page.location:
            yield from self._follow(page.location, depth=depth + 1, via="redirect", source=page.url)
        yield page
        # A page without links still carries out what middlewares noted about it (back-off).
        yield from self.scope.drain_events()

    def _is_markdown(self, response: Response) -> bool:
        return self.config.markdown and is_markdown_url(response.url)

    def _page_text(self, response: Response) -> tuple[str, str, RenderedMarkdown | None] | None:
        """A page's HTML and encoding; a Markdown file rendered line for line (see markdown)."""
        if self._is_markdown(response):
            rendered = render_markdown(response.body.decode("utf-8", "replace"))
            return rendered.html, "utf-8", rendered
        try:
            text = response.text
        except (AttributeError, UnicodeDecodeError):
            return None
        assert isinstance(response, TextResponse)  # only a TextResponse has .text
        return text, response.encoding, None

    def _parse_html(self, response: Response, page: Page) -> Generator[Any, None, bool]:
        """Extract the page and follow its links; True when it waits to be rendered first."""
        read = self._page_text(response)
        if read is None:
            return False
        text, encoding, markdown = read
        page.is_html = True
        if self.config.store_html:
            page.html = response.body  # as served, in its encoding (also when rendered later)
        if "\ufffd" in text and b"\xef\xbf\xbd" not in response.body:
            detail = f"bytes that are not valid {encoding}: the declared charset is wrong"
            yield CrawlEvent("content-error", page.url, detail)
        # A pure-ASCII body reads the same in any charset: only report real encodings.
        page.encoding = "ascii" if response.body.isascii() else encoding
        data = extract_page(text, response.url, self.config.query, references=self.references)
        if self.aliases:
            self.aliases.apply(data)
        data.links = self.remapped(data.links)
        if markdown is not None:
            data.links = markdown.locate(data.links)
        if data.parse_problem:
            yield CrawlEvent("content-error", page.url, data.parse_problem)
        if data.noscript_refresh:
            yield CrawlEvent("noscript-refresh", page.url, data.noscript_refresh)
        if data.structured_data and page.status < 300:
            # Kept as an event: the checks read it from the store (analysis/structured_data.py).
            yield CrawlEvent("structured-data", page.url, data.structured_data.to_json())
        self.fill_page(page, data)
        if self.hold_for_render(page, data, text):
            yield self.render_request(page)
            return True
        yield from uncrawlable_events(page.url, data, "raw")
        yield from self.follow_page(page, data)
        return False

    def fill_page(self, page: Page, data: Extracted) -> None:
        """Copy what extraction found into the page record."""
        page.title = data.titles[0] if data.titles else None
        page.title_count = len(data.titles)
        page.meta_description = data.meta_description
        page.meta_robots = data.meta_robots
        page.canonical = data.canonical
        page.lang = data.lang
        page.h1, page.h2, page.hreflang = data.h1, data.h2, data.hreflang
        page.word_count, page.text_hash = data.word_count, data.text_hash
        page.blocks, page.links = data.blocks, data.links
        page.anchors = data.anchors if self.config.check_fragments else []
        if data.refresh and data.refresh != page.url:
            page.location, page.redirect_kind = data.refresh, "meta-refresh"

    def follow_page(self, page: Page, data: Extracted) -> Iterator[Any]:
        """Queue the page's internal links (and link checks); an error page's are dropped."""
        if page.status >= 300:
            # An error page's text and links are the server's template, not site content.
            page.blocks, page.links = [], []
            return
        if self.link_sources is not None and page.url not in self.link_sources:
            return
        next_depth = page.depth + 1
        if next_depth <= self.config.max_depth:
            # _follow inlined: ~70 links a page, nearly all already seen. Scope events
            # (a trap, the page limit) go out after the page, see parse().
            decide = self.scope.decide
            for link in data.links:
                if link.kind == "a" and decide(link.target) is Decision.FOLLOW:
                    yield self._request(link.target, depth=next_depth, via="link", source=page.url)
        if self.references:
            yield from self.check_references(page)

    def parse_robots(self, response: Response) -> Iterator[Any]:
        """Queue the sitemaps that robots.txt names."""
        if response.status != 200:
            return
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self._discovered_sitemap(url)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        """Sitemap or sitemap index: remember every URL, queue the internal ones."""
        if response.status != 200:
            if response.url not in self.config.sitemaps and response.status == 404:
                return  # the guessed /sitemap.xml does not exist: not a problem
            yield CrawlEvent("sitemap-error", response.url, f"HTTP {response.status}")
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=_SITEMAP_MAX_BYTES)
            except Exception:
                yield CrawlEvent("sitemap-error", response.url, "cannot decompress")
                return
        try:
            sitemap = Sitemap(body)
            entries = list(sitemap)
        except Exception:
            yield CrawlEvent("sitemap-error", response.url, "not a valid sitemap")
            return
        if sitemap.type == "sitemapindex":
            for entry in entries:
                loc = entry.get("loc")
                if loc:
                    yield self._discovered_sitemap(urljoin(response.url, loc))
            return
        listed = []
        for entry in entries:
            url = normalize_url(urljoin(response.url, entry.get("loc", "")), self.config.query)
            if url:
                listed.append(SitemapEntry(url, response.url, entry.get("lastmod")))
        # Fetched when the link crawl runs dry, so linked pages keep their click depth.
        self.state.setdefault("sitemap_pending", []).extend(
            (e.url, response.url) for e in reversed(listed)
        )
        yield from _batched_entries(listed)

    # -- failures ------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """A request that got no response: network error, robots.txt, size cap..."""
        # ignore: Scrapy sets .request on the Failure; Twisted's Failure type does not declare it
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, RequeuedOnShutdown):
            return  # back in the scheduler's queue, not fetched: no page to record yet
        meta = request.meta
        yield Page(
            url=request.url,
            status=0,
            error=describe_failure(failure),
            depth=int(meta.get("depth", 0)),
            found_via=meta.get("found_via", "link"),
            found_on=meta.get("found_on"),
        )

    def on_aux_error(self, failure: Failure) -> Iterator[Any]:
        # ignore: Scrapy sets .request on the Failure; Twisted's Failure type does not declare it
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, RequeuedOnShutdown):
            return
        if request.url.endswith("/sitemap.xml") and request.url not in self.config.sitemaps:
            return
        yield CrawlEvent("fetch-error", request.url, describe_failure(failure))


def _header(response: Response, name: bytes) -> str | None:
    values = response.headers.getlist(name)
    if not values:
        return None
    return ", ".join(v.decode("latin-1") for v in values).lower()


def _is_html(content_type: str, body: bytes) -> bool:
    if content_type:
        return content_type.startswith(_HTML_TYPES)
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


# Every byte but the control characters that text does not use (deleted to count those).
_NOT_BINARY = bytes(b for b in range(256) if b >= 32 or b in b"\t\n\r\f\x1b")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _looks_binary(body: bytes) -> bool:
    """True for bodies that are no text in any charset (images, archives...)."""
    head = body[:4096]
    if not head or head.startswith(_UTF16_32_BOMS):
        return False  # UTF-16 and UTF-32 text is full of NULs
    controls = len(head.translate(None, _NOT_BINARY))
    # Broken pages carry a stray NUL or two; binary data is full of control bytes.
    return controls > len(head) // 20


def _batched_entries(entries: list[SitemapEntry], size: int = 1000) -> Iterable[SitemapBatch]:
    for start in range(0, len(entries), size):
        yield SitemapBatch(entries[start : start + size])
