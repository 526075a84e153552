"""The site spider's rendering step: hold a raw page, render it, keep the version that counts.

A page to render (siteaudit.crawler.rendering.plan) is fetched raw first, as every page is:
its raw extraction is what crawlers that do not run JavaScript see. The page is held (not
stored, its links not followed) while Chromium renders it; then the plan decides which
version the audit keeps, and a "render" crawl event records both sides (link and word
counts, the links only the rendered DOM has, console errors, failed requests), so checks
can say which one they looked at. A page whose rendering fails is stored raw.

Held pages live in memory only: after Ctrl-C or kill -9 they have no stored row, so
``--resume`` fetches them again (siteaudit.crawler.resume).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from siteaudit.crawler.extracted import Extracted
from siteaudit.crawler.extraction import extract_page
from siteaudit.crawler.failures import describe_failure
from siteaudit.crawler.rendering.plan import (
    RenderGain,
    RenderPlan,
    compare,
    describe_gain,
    has_script,
    template_key,
)
from siteaudit.crawler.rendering.support import (
    FACTS_META,
    RENDER_META,
    WANTED_STAT,
    effective_render_mode,
)
from twisted.python.failure import Failure

from siteaudit.core.records import CrawlEvent, Page

RENDER_EVENT = "render"
UNCRAWLABLE_EVENT = "uncrawlable-links"
_UNCRAWLABLE_KEPT = 20
_URL_META = "siteaudit_render_url"
_PART_META = "siteaudit_render_part"
# Above link requests (-depth) and sitemaps (5, 10): a held page waits as little as possible,
# which also bounds how many pages are held at once.
_RENDER_PRIORITY = 20
_NEW_LINKS_KEPT = 10


class RenderMixin:
    """Rendering for SiteSpider (which provides config, scope, fill_page and follow_page)."""

    config: Any
    scope: Any
    references: bool
    crawler: Any

    def _setup_rendering(self, samples: list[StoredSample] | None = None) -> None:
        """Start the plan; ``samples``: those an interrupted run of this crawl stored."""
        self.render_mode = effective_render_mode(self.config)
        self.render_plan = RenderPlan(self.render_mode)
        self._held: dict[str, tuple[Page, Extracted, str]] = {}
        if self.render_mode != "never" and samples:
            for sample in samples:
                self.render_plan.count_sample(sample.part, sample.needs_rendering, sample.why)

    def publish_render_plan(self) -> None:
        """Put the parts' decisions so far in the crawl's stats (a resumed crawl has some)."""
        if self.render_plan.parts:
            self.crawler.stats.set_value("siteaudit/render/parts", self.render_plan.summary())

    def fill_page(self, page: Page, data: Extracted) -> None:
        raise NotImplementedError

    def follow_page(self, page: Page, data: Extracted) -> Iterator[Any]:
        raise NotImplementedError

    def hold_for_render(self, page: Page, data: Extracted, html: str) -> bool:
        """Whether ``page`` (extracted raw) waits for its rendering before it is stored."""
        if page.status != 200 or page.location:
            return False
        if self.render_mode == "never":
            if self.config.render == "auto" and has_script(html):
                # No browser here (effective_render_mode): the notice says what was missed.
                self.crawler.stats.inc_value(WANTED_STAT)
            return False
        if self.render_mode == "auto" and not has_script(html):
            return False  # no script, nothing rendering could add: never worth a browser
        part = template_key(page.url, html)
        if not self.render_plan.wants_render(part):
            return False
        self._held[page.url] = (page, data, part)
        return True

    def render_request(self, page: Page) -> scrapy.Request:
        """The request that renders a held page in Chromium."""
        return scrapy.Request(
            page.url,
            callback=self.parse_rendered,
            errback=self.on_render_error,
            meta={
                RENDER_META: True,
                _URL_META: page.url,
                "handle_httpstatus_all": True,
                "dont_obey_robotstxt": True,  # the raw fetch was allowed a moment ago
                "depth": page.depth,
            },
            priority=_RENDER_PRIORITY,
            dont_filter=True,
        )

    def parse_rendered(self, response: Response) -> Iterator[Any]:
        """Compare the rendered DOM with the raw HTML; store the version the plan keeps."""
        held = self._held.pop(response.meta.get(_URL_META, ""), None)
        if held is None:
            return
        page, raw, part = held
        facts: dict[str, Any] = dict(response.meta.get(FACTS_META) or {})
        rendered: Extracted | None = None
        if isinstance(response, TextResponse) and response.url.rstrip("/") == page.url.rstrip("/"):
            rendered = extract_page(
                response.text, page.url, self.config.query, references=self.references
            )
        else:
            facts["navigated_to"] = response.url  # a script sent the browser elsewhere
        gain = compare(raw, rendered, self.scope.is_internal) if rendered is not None else None
        use_rendered = gain is not None and self.render_plan.record(part, page.url, gain)
        data = raw
        if use_rendered and rendered is not None:
            self.fill_page(page, rendered)
            data = rendered
            self.crawler.stats.inc_value("siteaudit/render/pages_rendered")
        self.crawler.stats.inc_value("siteaudit/render/pages_sampled")
        self.crawler.stats.set_value("siteaudit/render/parts", self.render_plan.summary())
        yield CrawlEvent(RENDER_EVENT, page.url, _detail(part, use_rendered, gain, facts))
        yield from uncrawlable_events(page.url, data, "rendered" if use_rendered else "raw")
        yield from self.follow_page(page, data)
        yield page
        yield from self.scope.drain_events()

    def on_render_error(self, failure: Failure) -> Iterator[Any]:
        """Rendering failed (timeout, browser crash): the page is stored as fetched raw."""
        # ignore: Scrapy sets .request on the Failure; Twisted's Failure type does not declare it
        request = failure.request  # type: ignore[attr-defined]
        held = self._held.pop(request.meta.get(_URL_META, ""), None)
        if held is None:
            return
        page, raw, part = held
        self.crawler.stats.inc_value("siteaudit/render/errors")
        facts = {"error": describe_failure(failure)}
        yield CrawlEvent(RENDER_EVENT, page.url, _detail(part, False, None, facts))
        yield from uncrawlable_events(page.url, raw, "raw")
        yield from self.follow_page(page, raw)
        yield page
        yield from self.scope.drain_events()


@dataclass(frozen=True, slots=True)
class StoredSample:
    """A page of a part of the site that an earlier run rendered and compared."""

    part: str
    needs_rendering: bool
    why: str


def stored_samples(events: Iterable[CrawlEvent]) -> list[StoredSample]:
    """The comparisons of a crawl's "render" events, once per page, in the order stored."""
    samples: dict[str, StoredSample] = {}
    for event in events:
        if event.kind != RENDER_EVENT or event.url in samples:
            continue
        detail = json.loads(event.detail)
        if "needs_rendering" not in detail:
            continue  # rendering failed: nothing was compared
        raw, rendered = detail["raw"], detail["rendered"]
        why = describe_gain(
            detail["new_link_count"], rendered["words"] - raw["words"], raw["links"], raw["words"]
        )
        samples[event.url] = StoredSample(
            detail["part"], bool(detail["needs_rendering"]), f"{event.url}: {why}"
        )
    return list(samples.values())


def uncrawlable_events(url: str, data: Extracted, side: str) -> Iterator[CrawlEvent]:
    """The page's clickable elements crawlers cannot follow, read from ``side`` (raw/rendered)."""
    if data.uncrawlable:
        elements = [list(e) for e in data.uncrawlable[:_UNCRAWLABLE_KEPT]]
        detail = {"side": side, "count": len(data.uncrawlable), "elements": elements}
        yield CrawlEvent(UNCRAWLABLE_EVENT, url, json.dumps(detail))


def _detail(part: str, used: bool, gain: RenderGain | None, facts: dict[str, Any]) -> str:
    """The render event's detail: a JSON object with both sides of the comparison."""
    detail: dict[str, Any] = {"used": "rendered" if used else "raw", "part": part}
    if gain is not None:
        detail["raw"] = {"links": gain.raw_links, "words": gain.raw_words}
        detail["rendered"] = {"links": gain.rendered_links, "words": gain.rendered_words}
        detail["new_links"] = list(gain.new_links[:_NEW_LINKS_KEPT])
        detail["new_link_count"] = len(gain.new_links)
        detail["needs_rendering"] = gain.needs_rendering
    detail.update(facts)
    return json.dumps(detail, sort_keys=True)
