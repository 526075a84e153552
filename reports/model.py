"""The report model: everything the HTML report shows, computed before rendering.

The app layer builds it (findings, suppressions, the diff with the previous crawl, the graph
analysis); the renderers only lay it out and never run an analysis or read the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from siteaudit.analysis.graph_analysis import GraphAnalysis

from siteaudit.core.completeness import PartialCrawl
from siteaudit.core.crawl_changes import CrawlDiff
from siteaudit.core.records import CrawlRun, Finding, Link, LinkIds, Page
from siteaudit.core.suppression import SuppressedFinding


@dataclass(slots=True)
class ReportModel:
    """One analysed crawl, ready to render."""

    run: CrawlRun
    findings: list[Finding]  # those to report: suppressed ones already removed
    pages: Mapping[str, Page]  # the crawl's pages (without text) by URL
    graph: GraphAnalysis  # the crawl map and the inbound link counts
    suppressed: list[SuppressedFinding] = field(default_factory=list)
    diff: CrawlDiff | None = None  # changes since the crawl stored before this one
    site_stats: Mapping[str, object] | None = None  # site-level figures for the overview
    # every link of the crawl, read once by the URL inspector (None: no link data)
    links: Callable[[], Iterable[Link] | LinkIds] | None = None
    partial: PartialCrawl | None = None  # the crawl stopped early: what it held back
