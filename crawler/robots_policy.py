"""robots.txt read as RFC 9309 says, where Scrapy's middleware reads it loosely.

Scrapy parses whatever body comes back (a 503 error page, an empty 301) as the rules, and
allows everything when the fetch fails. RFC 9309 section 2.3.1: follow at least five
redirects; a 4xx answer means there are no rules; a 5xx answer or a network failure means
the file is unreachable and the crawler must assume complete disallow. Without that, one
robots.txt request that times out (a busy server, a worker started under load) lets the crawl
fetch and audit every page the owner excluded. Google treats 429 like a 5xx; so do we.

A host whose robots.txt is unreachable is not crawled. When robots.txt answered 5xx/429, each
of the host's URLs fails as ``robots.txt unreachable`` and one crawl event names the status;
when no answer came at all, each fails with the network error itself (``connection
refused``, ``dns``...), which is what a dead host's links should report.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from siteaudit.crawler.address_guard import AddressRefused
from siteaudit.crawler.failures import describe_error
from twisted.internet.defer import Deferred

from siteaudit.core.records import CrawlEvent

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5  # RFC 9309 section 2.3.1.2: "at least five consecutive redirects"
UNREACHABLE_LABEL = "robots.txt unreachable"
_SIZE_CAP = "size cap exceeded"  # siteaudit.crawler.failures' label


def _relay(shared: Deferred[RobotParser | None]) -> Deferred[RobotParser | None]:
    """A Deferred of its own that fires with ``shared``'s result, leaving it for the others.

    Awaiting a Deferred (``asFuture``) adds a callback that returns None, so every later
    waiter of the same Deferred gets None: with Scrapy's middleware, each request that came
    in while its host's robots.txt was in flight, except the first, went out unchecked.
    """
    mine: Deferred[RobotParser | None] = Deferred()

    def relay(parser: RobotParser | None) -> RobotParser | None:
        mine.callback(parser)
        return parser

    shared.addCallback(relay)
    return mine


class RobotsUnreachable(IgnoreRequest):
    """A request to a host whose robots.txt could not be read: complete disallow."""

    def __init__(self, label: str, why: str) -> None:
        super().__init__(f"{UNREACHABLE_LABEL} ({why})")
        self.label = label  # what siteaudit.crawler.failures reports for the request


class RobotsPolicyMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with RFC 9309's status and failure rules."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        # netloc -> (label of its requests, why its robots.txt is unreadable)
        self._unreachable: dict[str, tuple[str, str]] = {}

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        unreachable = self._unreachable.get(urlparse_cached(request).netloc)
        if unreachable is not None:
            self._stats.inc_value("robotstxt/unreachable_refused")
            raise RobotsUnreachable(*unreachable)
        super().process_request_2(rp, request)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots_url = f"{url.scheme}://{netloc}/robots.txt"
            try:
                response = await self._fetch(robots_url)
            except (IgnoreRequest, AddressRefused):
                # Refused by a policy of our own (address guard, dead host, scope): the same
                # policy refuses the host's pages with its own reason.
                self._set_parser(netloc, None)
            except Exception as exc:  # any other failure means unreachable; none may crash
                why = describe_error(exc)
                if why == _SIZE_CAP and "max size" in str(exc):
                    # It answered, with more than the cap: a file nobody can use is no rules
                    # (the spider's own robots.txt fetch records the size cap as an event).
                    self._set_parser(netloc, None)
                else:
                    if why == _SIZE_CAP:  # cancelled for another reason: no answer came
                        why = "download cancelled"
                    self._set_unreachable(netloc, robots_url, why, label=why)
            else:
                await self._read(response, netloc, robots_url, request)
            self._stats.inc_value("robotstxt/request_count")
        parser = self._parsers[netloc]
        if isinstance(parser, Deferred):
            result: RobotParser | None = await maybe_deferred_to_future(_relay(parser))
            return result
        return parser

    async def _fetch(self, robots_url: str) -> Response:
        """robots.txt, following redirects (the crawl's own redirect handling is off)."""
        engine = self.crawler.engine
        assert engine is not None  # requests only flow while the engine runs
        url = robots_url
        for _ in range(MAX_REDIRECTS + 1):
            response = await engine.download_async(
                Request(
                    url,
                    priority=self.DOWNLOAD_PRIORITY,
                    callback=NO_CALLBACK,
                    # Backoff with jitter and more patience than a page gets: a robots.txt
                    # lost to a hiccup would take the whole host out of the crawl.
                    meta={
                        "dont_obey_robotstxt": True,
                        "siteaudit_backoff": True,
                        "dont_retry": True,
                        "handle_httpstatus_all": True,
                    },
                    dont_filter=True,
                )
            )
            location = response.headers.get(b"Location")
            if not (300 <= response.status < 400 and location):
                return response
            url = urljoin(url, location.decode("latin-1"))
        return response  # too many redirects: read as the 3xx it is (no rules)

    async def _read(self, response: Response, netloc: str, robots_url: str, req: Request) -> None:
        status = response.status
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{status}")
        if 200 <= status < 300:
            await self._parse_robots(response, netloc, req)
        elif status >= 500 or status == 429:
            self._set_unreachable(netloc, robots_url, f"HTTP {status}", label=UNREACHABLE_LABEL)
        else:  # 3xx past the redirect limit, 4xx: "unavailable", no rules apply
            await self._parse_robots(response.replace(body=b""), netloc, req)

    def _set_unreachable(self, netloc: str, robots_url: str, why: str, *, label: str) -> None:
        self._unreachable[netloc] = (label, why)
        self._stats.inc_value("robotstxt/unreachable")
        logger.warning("%s unreachable (%s): no URL of its host is crawled", robots_url, why)
        # The spider drains its scope's events into items (and so into the store). A host
        # that did not answer at all needs none: its URLs carry the network error.
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is not None and label == UNREACHABLE_LABEL:
            scope.events.append(CrawlEvent("robots-unreachable", robots_url, why))
        self._set_parser(netloc, None)

    def _set_parser(self, netloc: str, parser: RobotParser | None) -> None:
        waiting = self._parsers[netloc]
        assert isinstance(waiting, Deferred)
        self._parsers[netloc] = parser
        waiting.callback(parser)
