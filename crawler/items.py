"""Items the spider yields besides the shared records (Page, CrawlEvent)."""

from __future__ import annotations

from dataclasses import dataclass, field

from siteaudit.core.records import SitemapEntry


@dataclass(slots=True)
class SitemapBatch:
    """The URLs one sitemap lists, delivered to the pipeline as one item."""

    entries: list[SitemapEntry] = field(default_factory=list)
