"""Resume a crawl from what the store holds, so a crawl killed at any moment can continue.

Scrapy's JOBDIR queue and the spider's persisted state are written on a clean close only;
after a kill -9 they are stale or missing. The store is written in transactions, so it is
the one record that is always consistent: every stored page is done, and every link target
or redirect location of a stored page that has no page of its own is still to fetch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from siteaudit.crawler.rendering.spider import StoredSample, stored_samples

from siteaudit.core.records import Link
from siteaudit.store import Store


@dataclass(frozen=True, slots=True)
class PendingUrl:
    """A URL discovered by a stored page but not fetched yet."""

    url: str
    depth: int
    via: str  # link, redirect
    source: str


@dataclass(slots=True)
class ResumePlan:
    """The frontier of an interrupted crawl, rebuilt from its stored pages and links."""

    crawled: list[str] = field(default_factory=list)  # stored pages of the site
    checked: list[str] = field(default_factory=list)  # stored asset and external checks
    pending: list[PendingUrl] = field(default_factory=list)
    # Links of stored pages whose target has no stored result: assets and external links
    # still to check, by source page (internal page links are in ``pending``).
    unchecked: dict[str, list[Link]] = field(default_factory=dict)
    depths: dict[str, int] = field(default_factory=dict)  # of the sources in ``unchecked``
    sitemap: list[tuple[str, str]] = field(default_factory=list)  # (url, sitemap)
    # pages rendered and compared: a resumed crawl keeps the parts' render decisions
    render_samples: list[StoredSample] = field(default_factory=list)


def plan_resume(store: Store, crawl_id: int) -> ResumePlan:
    """What a resumed crawl already has and what it still has to fetch.

    Scope rules (hosts, patterns, depth, traps, limits) are applied by the spider, as for
    any discovered URL; the plan only lists candidates, shallowest first.
    """
    plan = ResumePlan()
    depth_of: dict[str, int] = {}
    redirects: list[PendingUrl] = []
    for page in store.pages(crawl_id, with_blocks=False):
        depth_of[page.url] = page.depth
        if page.resource_type == "page":
            plan.crawled.append(page.url)
            if page.location:
                redirects.append(PendingUrl(page.location, page.depth + 1, "redirect", page.url))
        else:
            plan.checked.append(page.url)
    stored = depth_of.keys()
    candidates = [r for r in redirects if r.url not in stored]
    for link in store.links(crawl_id):
        if link.target in stored or link.source not in depth_of:
            continue
        plan.unchecked.setdefault(link.source, []).append(link)
        plan.depths[link.source] = depth_of[link.source]
        if link.kind == "a":
            source_depth = depth_of[link.source]
            candidates.append(PendingUrl(link.target, source_depth + 1, "link", link.source))
    # Stable sort: shallow first (as the live crawl's priorities do), then discovery order.
    candidates.sort(key=lambda c: c.depth)
    first: dict[str, PendingUrl] = {}
    for candidate in candidates:
        first.setdefault(candidate.url, candidate)
    plan.pending = list(first.values())
    plan.sitemap = [
        (e.url, e.sitemap) for e in store.sitemap_entries(crawl_id) if e.url not in stored
    ]
    plan.render_samples = stored_samples(store.events(crawl_id))
    return plan
