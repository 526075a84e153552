"""Template removal: text blocks repeated across many pages are site furniture, not content.

Navigation, footers, review carousels, "Still have questions?" boxes and related-article lists
repeat on page after page. Counted as content they make every page of a template-heavy site
look like a near-duplicate of every other and swamp term counts. A block (normalised text) that
appears on enough pages is a template block; what is left in the content regions is the
page's own content. Pages are streamed from SQLite, never held all at once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from analysis.content_options import DEFAULT_OPTIONS, AnalysisOptions
from analysis.data import AuditData
from siteaudit.records import TextBlock
from siteaudit.store import Store

_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\u3040-\u30ff\u3400-\u9fff]+")
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_URL_BATCH = 500


@dataclass(slots=True)
class PageText:
    """The text-bearing fields of one stored HTML page."""

    url: str
    title: str | None
    meta_description: str | None
    h1: list[str]
    blocks: list[TextBlock]
    canonical: str | None = None
    indexable: bool = True


@dataclass(slots=True)
class PageContent:
    """A page's own content: its text minus template blocks, split by element."""

    url: str
    title: str | None
    meta_description: str | None
    h1: list[str]
    headings: list[str] = field(default_factory=list)  # H2-H6 of the content regions
    body: list[str] = field(default_factory=list)  # paragraphs, list items... (not headings)
    own_blocks: list[TextBlock] = field(default_factory=list)  # all own blocks, page order
    indexable: bool = True
    canonical: str | None = None

    @property
    def main_text(self) -> str:
        """The page's own text, blocks joined in page order."""
        return "\n".join(b.text for b in self.own_blocks)


@dataclass(frozen=True, slots=True)
class TemplateBlocks:
    """The set of repeated blocks of one crawl and the rule that selected them."""

    keys: frozenset[int]
    min_pages: int
    pages: int

    def __contains__(self, block: object) -> bool:
        return isinstance(block, TextBlock) and block_key(block.region, block.text) in self.keys


def block_key(region: str, text: str) -> int:
    """Identity of a block: its region and its text, insensitive to case and spacing.

    The region is part of it because an article's H1 repeated in other pages' related lists
    is still the article's own heading. Python's str hash is salted per process, which is
    fine: keys never leave the process.
    """
    return hash((region, " ".join(text.casefold().split())))


def words(text: str) -> list[str]:
    """Words of a text; each CJK character counts as one, as CJK text has no spaces."""
    return _WORD.findall(text)


def template_threshold(pages: int, options: AnalysisOptions) -> int:
    """How many pages a block must appear on to count as template."""
    by_share = math.ceil(options.template_min_share * pages)
    return max(3, min(options.template_min_pages, by_share))


def stream_page_texts(
    store: Store, crawl_id: int, urls: Iterable[str] | None = None
) -> Iterator[PageText]:
    """HTML pages that answered 200 with their text, in URL order (or only ``urls``)."""
    yield from _page_texts(store.page_text_rows(crawl_id, urls, batch=_URL_BATCH))


def _page_texts(rows: Iterable[tuple[object, ...]]) -> Iterator[PageText]:
    for url, title, description, h1, blocks, canonical, robots, x_robots in rows:
        directives = f"{robots or ''},{x_robots or ''}".lower()
        yield PageText(
            url=str(url),
            title=title,  # type: ignore[arg-type]
            meta_description=description,  # type: ignore[arg-type]
            h1=json.loads(h1),  # type: ignore[arg-type]
            blocks=[TextBlock(*b) for b in json.loads(blocks)],  # type: ignore[arg-type]
            canonical=canonical,  # type: ignore[arg-type]
            indexable="noindex" not in directives
            and "none" not in {d.strip() for d in directives.split(",")},
        )


def find_template_blocks(pages: Iterable[PageText], options: AnalysisOptions) -> TemplateBlocks:
    """Count on how many pages each block appears; frequent ones are template blocks."""
    counts: Counter[int] = Counter()
    total = 0
    for page in pages:
        total += 1
        counts.update({block_key(b.region, b.text) for b in page.blocks if b.text.strip()})
    threshold = template_threshold(total, options)
    keys = frozenset(k for k, n in counts.items() if n >= threshold)
    return TemplateBlocks(keys, threshold, total)


def own_content(page: PageText, template: TemplateBlocks, options: AnalysisOptions) -> PageContent:
    """Split a page's non-template content-region blocks into headings and body."""
    content = PageContent(
        page.url,
        page.title,
        page.meta_description,
        page.h1,
        indexable=page.indexable,
        canonical=page.canonical,
    )
    regions = options.content_regions
    for block in page.blocks:
        if block.region not in regions or not block.text.strip():
            continue
        if block_key(block.region, block.text) in template.keys:
            continue
        content.own_blocks.append(block)
        if block.tag == "h1":
            continue  # H1s are reported from the page's h1 field
        if block.tag in _HEADING_TAGS:
            content.headings.append(block.text)
        else:
            content.body.append(block.text)
    return content


_cache: list[tuple[AuditData, AnalysisOptions, TemplateBlocks]] = []


def site_template(data: AuditData, options: AnalysisOptions = DEFAULT_OPTIONS) -> TemplateBlocks:
    """The template blocks of the audited crawl, computed once per analysis run."""
    for cached_data, cached_options, template in _cache:
        if cached_data is data and cached_options == options:
            return template
    template = find_template_blocks(stream_page_texts(data.store, data.crawl_id), options)
    _cache[:] = [(data, options, template)]  # one run at a time: keep only the latest
    return template


def iter_page_content(
    data: AuditData,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    urls: Iterable[str] | None = None,
) -> Iterator[PageContent]:
    """Every HTML page's own content (or only ``urls``'), streamed in URL order."""
    template = site_template(data, options)
    for page in stream_page_texts(data.store, data.crawl_id, urls):
        yield own_content(page, template, options)
