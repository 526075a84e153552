"""Resume a crawl from what the store holds, so a crawl killed at any moment can continue.

Scrapy's JOBDIR queue and the spider's persisted state are written on a clean close only;
after a kill -9 they are stale or missing. The store is written in transactions, so it is
the one record that is always consistent: every stored page is done, and every link target
or redirect location of a stored page that has no page of its own is still to fetch.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from siteaudit.crawler.rendering.spider import StoredSample, stored_samples

from siteaudit.core.records import Link
from siteaudit.core.urls import host_of
from siteaudit.store import Store

# Links the spider follows as pages; a link checks its target as an asset or external URL
# only when it is of another kind or to another host (crawler.link_checks).
_PAGE_KINDS = ("a", "meta-refresh")


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


def plan_resume(store: Store, crawl_id: int, site_hosts: Collection[str] = ()) -> ResumePlan:
    """What a resumed crawl already has and what it still has to fetch.

    Scope rules (hosts, patterns, depth, traps, limits) are applied by the spider, as for
    any discovered URL; the plan only lists candidates, shallowest first.

    ``site_hosts``: the crawl's own hosts. A link to a page on them that is not stored yet
    is pending, never checked as an asset or external link, so it is not kept as a Link:
    a crawl stopped a quarter of the way through a 1,000,000-page site has ~15 million such
    links, and keeping each (and each as a candidate) took 5.5 GB to resume it.
    """
    plan = ResumePlan()
    depth_of: dict[str, int] = {}
    # Per URL still to fetch: (depth, discovery order, candidate); the shallowest wins,
    # then the first found, as a stable sort of every candidate by depth would choose.
    best: dict[str, tuple[int, int, PendingUrl]] = {}
    offered = 0

    def offer(candidate: PendingUrl) -> None:
        nonlocal offered
        found = best.get(candidate.url)
        if found is None or candidate.depth < found[0]:
            best[candidate.url] = (candidate.depth, offered, candidate)
        offered += 1

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
    for redirect in redirects:
        if redirect.url not in stored:
            offer(redirect)
    hosts = {h.lower() for h in site_hosts}
    for link in store.links(crawl_id):
        if link.target in stored or link.source not in depth_of:
            continue
        site_page = link.kind in _PAGE_KINDS and host_of(link.target) in hosts
        if not site_page:
            plan.unchecked.setdefault(link.source, []).append(link)
            plan.depths[link.source] = depth_of[link.source]
        if link.kind == "a":
            source_depth = depth_of[link.source]
            offer(PendingUrl(link.target, source_depth + 1, "link", link.source))
    # Shallow first (as the live crawl's priorities do), then discovery order.
    plan.pending = [entry[2] for entry in sorted(best.values(), key=lambda e: (e[0], e[1]))]
    plan.sitemap = [
        (e.url, e.sitemap) for e in store.sitemap_entries(crawl_id) if e.url not in stored
    ]
    plan.render_samples = stored_samples(store.events(crawl_id))
    return plan
