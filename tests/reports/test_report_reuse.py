"""A report rendered from the analysis' loaded pages and graph is the one rendered alone."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph_checks import analyse_graph
from siteaudit.reports import render_html_report

from siteaudit.core.records import Link, Page, Region
from tests.reports.conftest import SITE, store_crawl

if TYPE_CHECKING:
    from siteaudit.store import Store


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_passing_pages_and_graph_changes_nothing(store: Store, tmp_path: Path) -> None:
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
    data = AuditData.load(store, crawl)
    alone = render_html_report(store, crawl, [], tmp_path / "alone").parent
    reused = render_html_report(
        store, crawl, [], tmp_path / "reused", pages=data.pages, graph=analyse_graph(data)
    ).parent
    assert _files(alone) == _files(reused)
    assert (alone / "map.html").exists()
