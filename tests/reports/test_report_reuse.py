"""The report takes inbound link counts from the run's graph: the same as the store's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from siteaudit.reports import render_html_report

from siteaudit.core.records import Link, Page, Region
from tests.reports.conftest import SITE, report_model, store_crawl
from tests.reports.test_html import shard_rows

if TYPE_CHECKING:
    from siteaudit.store import Store


def test_inbound_counts_from_the_graph_equal_the_stores(store: Store, tmp_path: Path) -> None:
    urls = [f"{SITE}/a{i}" for i in range(12)]
    pages = [
        Page(
            url,
            200,
            is_html=True,
            title=f"Article {i}",
            found_via="start" if i == 0 else "link",
            links=[
                Link(url, urls[(i + k) % 12], "a", f"to {k}", Region.RELATED, False, k)
                for k in (1, 2, 5)
            ]
            + [Link(url, "https://elsewhere.example/x", "a", "out", Region.MAIN, False, 9)],
        )
        for i, url in enumerate(urls)
    ]
    crawl = store_crawl(store, pages)
    model = report_model(store, crawl, [])
    inlinks = model.graph.site.graph.inlinks()
    assert dict(inlinks) == dict(store.inbound_sources(crawl))
    assert {inlinks[u] for u in urls} == {3}  # three related links into every article
    report = render_html_report(model, tmp_path / "out").parent
    rows = {row[0][0]: row for row in shard_rows(report / "data" / "urls-1.js")}
    assert {rows[u][8] for u in urls} == {3}
    assert (report / "map.html").exists()
