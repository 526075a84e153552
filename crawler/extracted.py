"""The record one parse of an HTML page yields, filled by extraction and references."""

from __future__ import annotations

from dataclasses import dataclass, field

from siteaudit.crawler.structured_data import StructuredData

from siteaudit.core.records import Link, TextBlock


@dataclass(slots=True)
class Extracted:
    """What one parse of an HTML document yields."""

    titles: list[str] = field(default_factory=list)
    meta_description: str | None = None
    meta_robots: str | None = None
    canonical: str | None = None
    refresh: str | None = None
    # A meta refresh inside <noscript>: only browsers without JavaScript (and crawlers that do
    # not render) follow it, so it is not a redirect of the page itself.
    noscript_refresh: str | None = None
    lang: str | None = None
    h1: list[str] = field(default_factory=list)
    h2: list[str] = field(default_factory=list)
    hreflang: list[tuple[str, str]] = field(default_factory=list)
    blocks: list[TextBlock] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    word_count: int = 0
    text_hash: str | None = None
    anchors: list[str] = field(default_factory=list)  # ids and a[name]s ("references" mode)
    raw_hrefs: dict[int, str] = field(default_factory=dict)  # link position -> href as written
    # Clickable elements crawlers cannot follow: (tag, text, why) for javascript: hrefs,
    # onclick-only links and other elements that navigate by script.
    uncrawlable: list[tuple[str, str, str]] = field(default_factory=list)
    parse_problem: str | None = None  # nesting too deep for parsers (a content-error)
    structured_data: StructuredData = field(default_factory=StructuredData)
