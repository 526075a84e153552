"""Hand-made stored pages with text blocks, for the content-consistency tests."""

from __future__ import annotations

import random
from pathlib import Path

from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData

from siteaudit.core.records import Link, Page, TextBlock
from siteaudit.store import Store
from tests.analysis.factories import BASE

NAV = ["Home", "Shipping Services", "Returns", "Contact"]
REVIEWS = [
    "Our first container arrived two days early, and we got an update at every step.",
    "Clear quotes and no surprises on the invoice.",
]


def article(
    path: str,
    paragraphs: list[str],
    *,
    title: str | None = None,
    h1: str | None = None,
    headings: list[str] | None = None,
    related: list[str] | None = None,
    **fields: object,
) -> Page:
    """An HTML article with the site template around its own paragraphs."""
    title = title if title is not None else f"Article {path}"
    heading = h1 if h1 is not None else title
    blocks = [TextBlock("nav", "li", item) for item in NAV]
    blocks.append(TextBlock("main", "h1", heading))
    blocks += [TextBlock("main", "p", text) for text in paragraphs]
    blocks += [TextBlock("main", "h2", text) for text in headings or []]
    blocks += [TextBlock("related", "li", text) for text in related or []]
    blocks += [TextBlock("main", "h2", "Customer Reviews")]
    blocks += [TextBlock("main", "p", text) for text in REVIEWS]
    blocks.append(TextBlock("footer", "p", "© 2026 Example Freight Ltd."))
    links = [
        Link(BASE + path, BASE + f"/related/{i}", "a", text, "related", False, i)
        for i, text in enumerate(related or [], 1)
    ]
    defaults: dict[str, object] = {
        "status": 200,
        "is_html": True,
        "title": title,
        "title_count": 1,
        "h1": [heading],
        "meta_description": "A description of this article that is long enough to pass the "
        "length check without trouble.",
        "canonical": BASE + path,
        "blocks": blocks,
        "links": links,
    }
    defaults.update(fields)
    return Page(url=BASE + path, **defaults)  # type: ignore[arg-type]


def stored(tmp_path: Path, pages: list[Page], options: AnalysisOptions | None = None) -> AuditData:
    """Store ``pages`` as one crawl and load it as the checks see it."""
    store = Store.in_folder(tmp_path)
    crawl = store.begin_crawl([BASE + "/"], {})
    store.add_pages(crawl, pages)
    return AuditData.load(store, crawl, options)


def analysed(
    tmp_path: Path, pages: list[Page], options: AnalysisOptions | None = None
) -> AnalysisContext:
    """Store ``pages`` as one crawl and open an analysis run of it."""
    return AnalysisContext(stored(tmp_path, pages, options))


def filler(seed: int, count: int = 12) -> list[str]:
    """``count`` distinct sentences of made-up words, different for every seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = ["".join(rng.choice(_SYLLABLES) for _ in range(2)) for _ in range(10)]
        out.append(" ".join(words).capitalize() + ".")
    return out


_SYLLABLES = [c + v for c in "bdfglmnprstvz" for v in "aeiou"]
