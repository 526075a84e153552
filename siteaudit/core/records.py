"""Typed records that flow crawl -> store -> analysis -> report.

They are plain dataclasses so the crawler can yield them as Scrapy items, the store can
write them column by column, and the renderers can read them without knowing where they
came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


class Severity(StrEnum):
    """How bad a finding is; ordered from worst to mildest."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


class Region(StrEnum):
    """Where on a page a link or a text block sits."""

    NAV = "nav"
    HEADER = "header"
    FOOTER = "footer"
    RELATED = "related"
    ASIDE = "aside"
    MAIN = "main"


@dataclass(slots=True)
class Link:
    """One link (or asset reference) found on a page, target already normalised."""

    source: str
    target: str
    kind: str = "a"  # a, img, link, script, iframe, media, meta-refresh
    text: str | None = ""  # anchor text; for images the alt text (None when alt is absent)
    region: str = Region.MAIN
    nofollow: bool = False
    position: int = 0  # order on the page, so "related link 4" means something
    fragment: str | None = None  # the "#id" part of the href, without "#"
    line: int | None = None  # 1-based line:column of the attribute value in the HTML source
    column: int | None = None


# One link as the store numbers it: source id, target id, text id (None: no text at all),
# region, kind, nofollow (0 or 1).
LinkIdRow = tuple[int, int, int | None, str, str, int]


@dataclass(frozen=True, slots=True)
class LinkIds:
    """A crawl's links with their URLs and texts as ids, for a reader of every link that
    would otherwise make a string per end of each (millions of them): the rows in page
    order, and what an id names."""

    rows: Iterable[LinkIdRow]
    urls: Callable[[Iterable[int]], dict[int, str]]
    texts: Callable[[Iterable[int]], dict[int, str]]
    # The links on the given source ids, each source's in page order, read again on demand
    # (a store can: its links are keyed by source), so a reader need not hold them.
    links_on: Callable[[Sequence[int]], Iterable[LinkIdRow]] | None = None
    # (target ids, links to each): how many rows ``rows`` will bring for each target.
    inlink_counts: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None


@dataclass(slots=True)
class TextBlock:
    """A block of visible text (paragraph, list item, heading...) and its region."""

    region: str
    tag: str
    text: str
    # (start, end) character ranges of code (inline code, literals, commands) in ``text``.
    code: list[tuple[int, int]] | None = None


@dataclass(slots=True)
class Page:
    """Everything the crawl learnt about one URL, whether it answered or not."""

    url: str
    status: int = 0  # HTTP status; 0 when no response (network error, robots.txt, ...)
    error: str | None = None  # network or policy error, e.g. "timeout", "robots.txt"
    content_type: str | None = None
    resource_type: str = "page"  # page, asset, external, sitemap, robots
    depth: int = 0
    found_via: str = "link"  # start, link, sitemap, redirect
    found_on: str | None = None  # the first page that led the crawler here
    elapsed_ms: float | None = None
    size: int | None = None
    location: str | None = None  # redirect target, normalised
    redirect_kind: str | None = None  # "http" or "meta-refresh"
    encoding: str | None = None
    is_html: bool = False
    title: str | None = None
    title_count: int = 0
    meta_description: str | None = None
    meta_robots: str | None = None
    x_robots_tag: str | None = None
    canonical: str | None = None
    lang: str | None = None
    h1: list[str] = field(default_factory=list)
    h2: list[str] = field(default_factory=list)
    hreflang: list[tuple[str, str]] = field(default_factory=list)
    word_count: int = 0
    text_hash: str | None = None
    blocks: list[TextBlock] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # id/name values a "#fragment" can hit
    html: bytes | None = None  # the body as served; stored only by a crawl with store_html

    @property
    def noindex(self) -> bool:
        """True when meta robots or X-Robots-Tag forbid indexing."""
        directives = f"{self.meta_robots or ''},{self.x_robots_tag or ''}".lower()
        return "noindex" in directives or "none" in {d.strip() for d in directives.split(",")}


@dataclass(slots=True)
class SitemapEntry:
    """A URL listed in a sitemap, kept to find pages that only the sitemap knows."""

    url: str
    sitemap: str
    lastmod: str | None = None


@dataclass(slots=True)
class CrawlEvent:
    """Something the crawler decided or noticed that is not a page: a trap, a cap hit."""

    kind: str  # e.g. "query-trap", "page-limit", "robots-error"
    url: str
    detail: str = ""


@dataclass(slots=True)
class Finding:
    """One problem on one page: what, where, the evidence and how to fix it."""

    check: str
    severity: Severity
    url: str
    message: str
    element: str | None = None  # title, h1, link, body, ...
    snippet: str | None = None  # the text in context
    fix: str | None = None
    evidence: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity across crawls, for diffs, baselines and suppressions."""
        return (self.check, self.url, str(self.evidence.get("target", self.element or "")))

    def to_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "severity": str(self.severity),
            "url": self.url,
            "message": self.message,
            "element": self.element,
            "snippet": self.snippet,
            "fix": self.fix,
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class CrawlRun:
    """One crawl of a site as stored: when, from where, how it ended."""

    id: int
    started_at: str
    finished_at: str | None
    status: str  # running, finished, interrupted, failed
    start_urls: list[str]
    config: dict[str, object]
    stats: dict[str, object] = field(default_factory=dict)
