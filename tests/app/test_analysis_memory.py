"""Analysis and report memory grows by a bounded amount per page: the Python allocations
(tracemalloc) of ``analyse_crawl`` on stored crawls of N and 2N help articles differ by at most
a fixed amount a page, so a large crawl is not held as page objects, link tuples or garbage."""

from __future__ import annotations

import random
from pathlib import Path

from siteaudit.app.audit import analyse_crawl
from siteaudit.core.records import Link, Page, TextBlock
from siteaudit.store import PageRows, Store
from tests.helpers import traced

BASE = "http://help.example.com"
WORDS = (
    "order parcel shipping customs invoice refund account password delivery tracking "
    "warehouse courier address payment card label return exchange size colour stock "
    "voucher basket checkout wishlist subscription printer scanner battery charger cable"
).split()
NAV = ["Home", "Orders", "Shipping", "Returns", "Account", "Contact", "Help", "Status"]
# What analysis and report may add a page: the pages' summaries, the link graph's and the
# link index's arrays, the findings (measured: ~3.7 KB). Holding each page's headings and
# anchors, its links as tuples of strings and NetworkX's cyclic garbage cost ~21 KB; a new
# empty list per left-out field, the text pass's term rows kept to the end and the link
# index's int32 styles ~4.9 KB.
MAX_GROWTH_PER_PAGE = 8_000
SMALL = 1100  # articles; both sizes above the 1,000 pages the link suggestions consider


def _article(rng: random.Random, i: int, articles: int) -> Page:
    url = f"{BASE}/articles/{i}.html"
    paragraphs = [" ".join(rng.choices(WORDS, k=rng.randint(20, 60))) for _ in range(8)]
    headings = [f"{rng.choice(WORDS).title()} and {rng.choice(WORDS)} {n}" for n in range(8)]
    blocks = [TextBlock("nav", "li", item) for item in NAV]
    blocks += [TextBlock("main", "h1", f"Article {i}")]
    for heading, text in zip(headings, paragraphs, strict=True):
        blocks += [TextBlock("main", "h2", heading), TextBlock("main", "p", text)]
    links = [
        Link(url, f"{BASE}/{item.lower()}/", "a", item, "nav", False, n)
        for n, item in enumerate(NAV)
    ]
    for n in range(12):
        target = f"{BASE}/articles/{rng.randrange(articles)}.html"
        links.append(
            Link(url, target, "a", " ".join(rng.choices(WORDS, k=3)), "main", False, 20 + n)
        )
    for n in range(12):
        target = f"{BASE}/articles/{rng.randrange(articles)}.html"
        links.append(Link(url, target, "a", f"Related {n}", "related", False, 40 + n))
    return Page(
        url, 200, content_type="text/html; charset=utf-8", is_html=True, depth=2,
        title=f"Article {i}: {headings[0]}", title_count=1, h1=[f"Article {i}"], h2=headings,
        meta_description=" ".join(rng.choices(WORDS, k=20)), lang="en", encoding="utf-8",
        word_count=400, blocks=blocks, links=links,
        anchors=[f"section-{n}" for n in range(8)], elapsed_ms=12.5, size=30_000,
    )  # fmt: skip


def write_store(folder: Path, articles: int, batch_size: int = 1000) -> Path:
    """A stored crawl of a start page, nav pages and ``articles`` linked articles (also the
    synthetic stores of bench/memory_bench.py), written in batches of ``batch_size``."""
    rng = random.Random(articles)
    folder.mkdir(parents=True)
    with Store.in_folder(folder) as store:
        crawl = store.begin_crawl([f"{BASE}/"], {})
        batch = PageRows(crawl)
        for item in ["", *(f"{item.lower()}/" for item in NAV)]:
            url = f"{BASE}/{item}"
            links = [
                Link(url, f"{BASE}/articles/{n}.html", "a", f"Article {n}", "main", False, n)
                for n in range(0, articles, 7)
            ]
            batch.add(Page(url, 200, content_type="text/html", is_html=True, title=url,
                           title_count=1, h1=[url], word_count=50, links=links))  # fmt: skip
        for i in range(articles):
            batch.add(_article(rng, i, articles))
            if len(batch) >= batch_size:
                store.add_page_rows(batch)
                batch = PageRows(crawl)
        store.add_page_rows(batch)
        store.finish_crawl(crawl, "finished", {"pages_crawled": articles + len(NAV) + 1})
    return folder


def _peak(folder: Path) -> int:
    """Peak bytes allocated while a stored crawl is analysed and its reports written."""
    result, (_, peak) = traced(lambda: analyse_crawl(folder))
    assert result.findings  # the checks ran over the pages
    return peak


def test_analysis_and_report_memory_grow_by_a_bounded_amount_per_page(tmp_path: Path) -> None:
    small_crawl = write_store(tmp_path / "small", SMALL)
    # A first run loads what every run shares (word lists, templates) before anything counts.
    _peak(small_crawl)
    small = _peak(small_crawl)
    large = _peak(write_store(tmp_path / "large", 2 * SMALL))
    growth = (large - small) / SMALL
    print(f"peak {small / 2**20:.1f} MB at {SMALL} articles, {large / 2**20:.1f} MB at twice: "
          f"{growth:.0f} B a page")  # fmt: skip
    assert 0 < growth <= MAX_GROWTH_PER_PAGE, (small, large, growth)
