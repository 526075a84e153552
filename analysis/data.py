"""The stored crawl, loaded once in the shape the checks need."""

from __future__ import annotations

from dataclasses import dataclass, field

from siteaudit.analysis.content_options import DEFAULT_OPTIONS, AnalysisOptions
from siteaudit.analysis.site_banner import drop_banner_h1s, site_banner_h1s

from siteaudit.core.records import CrawlEvent, CrawlRun, Page, SitemapEntry
from siteaudit.store import Store


@dataclass(slots=True)
class AuditData:
    """Pages by URL plus the crawl's sitemap entries and events.

    The pages are summaries (``Store.pages(summary=True)``): no text blocks, h2s, hreflang or
    anchors, which the checks read from the store when they need them.
    """

    store: Store
    run: CrawlRun
    pages: dict[str, Page]
    sitemap: list[SitemapEntry] = field(default_factory=list)
    events: list[CrawlEvent] = field(default_factory=list)
    options: AnalysisOptions = DEFAULT_OPTIONS

    @classmethod
    def load(
        cls, store: Store, crawl_id: int | None = None, options: AnalysisOptions | None = None
    ) -> AuditData:
        run = store.crawl(crawl_id)
        pages = {p.url: p for p in store.pages(run.id, summary=True)}
        drop_banner_h1s(pages.values(), site_banner_h1s(pages.values()))
        return cls(
            store,
            run,
            pages,
            store.sitemap_entries(run.id),
            store.events(run.id),
            options or DEFAULT_OPTIONS,
        )

    @property
    def crawl_id(self) -> int:
        return self.run.id

    def html_pages(self) -> list[Page]:
        """Pages that answered 200 with HTML: the ones on-page checks look at.

        Pages inside a reported spider trap (calendar?month=...) are left out: the trap is
        one finding, not fifty copies of every on-page finding.
        """
        trapped = self.trapped_paths
        return [
            p
            for p in self.pages.values()
            if p.status == 200
            and p.is_html
            and p.resource_type == "page"
            and not ("?" in p.url and p.url.split("?", 1)[0] in trapped)
        ]

    @property
    def trapped_paths(self) -> set[str]:
        """Paths the crawler reported as endless query-string spaces."""
        return {e.url for e in self.events if e.kind == "query-trap"}
