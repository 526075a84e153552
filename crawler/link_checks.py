"""Link checking in the spider: internal assets and external URLs, one request each.

Assets (images, scripts, styles, media) and external links are checked, never crawled:
HEAD first, GET when HEAD is refused (405/501, another error status, or no answer); a GET
whose body is not needed stops after the headers. Stylesheets are read for their url()s;
external pages are read for their ids only when external fragments are checked.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response
from siteaudit.crawler.css_urls import css_urls
from siteaudit.crawler.dead_hosts import HostUnreachable
from siteaudit.crawler.failures import describe_failure
from siteaudit.crawler.prompt_shutdown import RequeuedOnShutdown
from twisted.python.failure import Failure

from siteaudit.core.config import parse_status_ranges
from siteaudit.core.link_policy import parse_remap
from siteaudit.core.records import Link, Page, Region
from siteaudit.core.urls import normalize_url, resolve_link
from siteaudit.store.link_cache import CachedResult, ResultCache

if TYPE_CHECKING:
    from siteaudit.crawler.scope import CrawlScope
    from siteaudit.crawler.site_aliases import SiteAliases

    from siteaudit.core.config import CrawlConfig

# Answers that mean "a bot wall", not "this link is broken".
_CHALLENGE_HEADERS = (b"cf-mitigated", b"x-datadome", b"x-amzn-waf-action", b"x-sucuri-block")
_BLOCKED_STATUSES = frozenset({999})
# A HEAD answered with these is not retried as GET: the resource is definitely gone.
_FINAL_HEAD_STATUSES = frozenset({404, 410})


def is_bot_challenge(status: int, headers: Any) -> bool:
    """True for bot-protection answers (403 + challenge header, LinkedIn's 999)."""
    if status in _BLOCKED_STATUSES:
        return True
    if status in (403, 429, 503):
        return any(headers.get(name) for name in _CHALLENGE_HEADERS)
    return False


def css_references(css: str, base: str, query: str) -> list[Link]:
    """The url() and @import targets of a stylesheet (not in comments), as links from it."""
    links = []
    for n, (raw, start) in enumerate(css_urls(css), start=1):
        target = resolve_link(base, raw, query)
        if target:
            # Located where the URL itself starts, as an href is.
            line = css.count("\n", 0, start) + 1
            column = start - (css.rfind("\n", 0, start) + 1) + 1
            links.append(Link(base, target, "css", None, Region.MAIN, False, n, None, line, column))
    return links


class LinkCheckMixin:
    """Spider methods that check assets and external links (see SiteSpider)."""

    config: CrawlConfig
    scope: CrawlScope
    aliases: SiteAliases
    cache: ResultCache | None

    def _setup_link_checks(self) -> None:
        self.accepted = parse_status_ranges(self.config.accept)
        self.remaps = tuple(parse_remap(spec) for spec in self.config.remap)
        starts = self.config.start_urls
        self.remap_base = urljoin(starts[0], "/") if starts else ""
        self.cache = None
        if self.config.check_external and self.config.cache_dir and not self.config.offline:
            self.cache = ResultCache.open(self.config.cache_dir, self.config.cache_max_age)

    def is_accepted(self, status: int) -> bool:
        if self.accepted:
            return any(low <= status <= high for low, high in self.accepted)
        return 200 <= status < 400

    def remapped(self, links: list[Link]) -> list[Link]:
        """Links with ``--remap`` applied to their targets (the first matching rule wins).

        A replacement that is a path ("/docs/") points into the checked site: in folder mode
        the loopback server's address is not known before the run.
        """
        if not self.remaps:
            return links
        result = []
        for link in links:
            for remap in self.remaps:
                url = remap.apply(link.target)
                if url is not None:
                    target = normalize_url(urljoin(self.remap_base, url), self.config.query)
                    if target:
                        link = replace(link, target=target)
                    break
            result.append(link)
        return result

    def check_references(self, page: Page) -> Iterator[Any]:
        """Requests (or cached results) for a page's assets and external links."""
        config = self.config
        for link in page.links:
            if self.scope.is_internal(link.target):
                # The spider fetches a meta refresh's target as a page (a redirect).
                if link.kind not in ("a", "meta-refresh") and config.check_assets:
                    body = link.kind == "link" or link.target.endswith(".css")
                    yield from self.check_resource(link.target, "asset", page, body=body)
            elif config.check_external and not config.offline:
                body = config.check_external_fragments
                yield from self.check_resource(link.target, "external", page, body=body)

    def check_resource(
        self, url: str, kind: str, source: Page, *, body: bool, via: str = "link"
    ) -> Iterator[Any]:
        """One check of ``url`` (from the cache when fresh), unless already claimed."""
        if not self.scope.reserve(url):
            return
        depth = source.depth + 1
        cached = (
            self.cache.get(url, need_anchors=body) if self.cache and kind == "external" else None
        )
        if cached is not None:
            page = Page(
                url=url,
                status=cached.status,
                content_type=cached.content_type,
                resource_type=kind,
                depth=depth,
                found_via=via,
                found_on=source.url,
                location=cached.location,
                redirect_kind="http" if cached.location else None,
                anchors=cached.anchors or [],
            )
            yield from self._after_resource(page)
            return
        method = "GET" if body else "HEAD"
        yield self._resource_request(url, kind, depth, source.url, via, method=method, body=body)

    def _resource_request(
        self,
        url: str,
        kind: str,
        depth: int,
        found_on: str | None,
        via: str,
        *,
        method: str,
        body: bool,
    ) -> scrapy.Request:
        meta: dict[str, Any] = {
            "depth": depth,
            "found_on": found_on,
            "found_via": via,
            "resource_type": kind,
            "want_body": body,
            "headers_only": method == "GET" and not body,
            "handle_httpstatus_all": True,
        }
        if kind == "external":
            # Another host's robots.txt governs crawling, not a single check of a link.
            meta.update(dont_obey_robotstxt=True, siteaudit_external=True, dont_retry=True)
        return scrapy.Request(
            url,
            method=method,
            callback=self.parse_resource,
            errback=self.on_resource_error,
            meta=meta,
            dont_filter=True,
            priority=-depth - 100,  # pages first: they discover the links
        )

    def _fallback(self, request: scrapy.Request) -> scrapy.Request | None:
        """The GET retry of a HEAD that was refused or failed; None if this was a GET."""
        meta = request.meta
        if request.method != "HEAD":
            return None
        return self._resource_request(
            request.url,
            meta["resource_type"],
            meta["depth"],
            meta["found_on"],
            meta["found_via"],
            method="GET",
            body=meta["want_body"],
        )

    def parse_resource(self, response: Response) -> Iterator[Any]:
        """Record an asset's or external URL's answer; follow its redirect; read CSS."""
        request, meta = response.request, response.meta
        assert request is not None
        status = response.status
        if status >= 400 and status not in _FINAL_HEAD_STATUSES:
            retry = self._fallback(request)
            if retry is not None:
                yield retry
                return
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        page = Page(
            url=response.url,
            status=status,
            content_type=content_type or None,
            resource_type=meta["resource_type"],
            depth=meta["depth"],
            found_via=meta["found_via"],
            found_on=meta["found_on"],
            elapsed_ms=round(meta.get("download_latency", 0.0) * 1000, 1),
            size=len(response.body) or None,
        )
        if is_bot_challenge(status, response.headers):
            page.error = "blocked"
        if 300 <= status < 400 and (raw_location := response.headers.get(b"Location")):
            location = raw_location.decode("latin-1")
            page.location = normalize_url(urljoin(response.url, location), self.config.query)
            page.redirect_kind = "http" if page.location else None
        elif meta["want_body"] and status < 300 and response.body:
            if "css" in content_type:
                page.links = css_references(_text(response), page.url, self.config.query)
                self.aliases.apply_to_links(page.links)
            elif "html" in content_type:
                page.anchors = _anchor_ids(_text(response))
        cacheable = page.error is None and (self.is_accepted(status) or 300 <= status < 400)
        if self.cache is not None and page.resource_type == "external" and cacheable:
            self.cache.put(
                page.url,
                CachedResult(
                    status,
                    time.time(),
                    page.location,
                    page.content_type,
                    page.anchors if meta["want_body"] else None,
                ),
            )
        yield from self._after_resource(page)

    def _after_resource(self, page: Page) -> Iterator[Any]:
        if page.location:
            if self.scope.is_internal(page.location) and page.resource_type == "external":
                # ignore: _follow comes from the spider class this mixin is combined with
                yield from self._follow(  # type: ignore[attr-defined]
                    page.location, depth=page.depth, via="redirect", source=page.url
                )
            else:
                body = page.resource_type == "external" and self.config.check_external_fragments
                yield from self.check_resource(
                    page.location, page.resource_type, page, body=body, via="redirect"
                )
        yield from self.check_references(page)
        yield page

    def on_resource_error(self, failure: Failure) -> Iterator[Any]:
        """No answer: retry a HEAD as GET, else record the failure."""
        # ignore: Scrapy sets .request on the Failure; Twisted's Failure type does not declare it
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(failure.value, RequeuedOnShutdown):
            return  # back in the scheduler's queue, not fetched: nothing to record yet
        # A GET would not reach a host given up on either (siteaudit.crawler.dead_hosts).
        retry = None if isinstance(failure.value, HostUnreachable) else self._fallback(request)
        if retry is not None:
            yield retry
            return
        meta = request.meta
        yield Page(
            url=request.url,
            status=0,
            error=describe_failure(failure),
            resource_type=meta["resource_type"],
            depth=meta["depth"],
            found_via=meta["found_via"],
            found_on=meta["found_on"],
        )

    def save_cache(self) -> None:
        if self.cache is not None:
            self.cache.save()


def _text(response: Response) -> str:
    try:
        return response.text
    except (AttributeError, UnicodeDecodeError):
        return response.body.decode("utf-8", "replace")


def _anchor_ids(text: str) -> list[str]:
    from siteaudit.crawler.extraction import parse_html

    root = parse_html(text)
    if root is None:
        return []
    ids = root.xpath("//@id | //a/@name")
    assert isinstance(ids, list)  # an attribute node-set is always a list
    return sorted({str(v) for v in ids if str(v)})
