import sqlite3
from pathlib import Path

import pytest

from siteaudit.core.records import (
    CrawlEvent,
    Finding,
    Link,
    Page,
    Severity,
    SitemapEntry,
    TextBlock,
)
from siteaudit.store import SCHEMA_VERSION, Store, StoreError


def _page(url: str, **kw: object) -> Page:
    return Page(url=url, status=200, is_html=True, **kw)  # type: ignore[arg-type]


def test_pages_links_and_blocks_round_trip(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {"max_pages": 5})
        page = _page(
            "http://ex.com/",
            title="Home",
            h1=["Home"],
            hreflang=[("de", "http://ex.com/de/")],
            blocks=[TextBlock("main", "p", "Hello")],
            links=[Link("http://ex.com/", "http://ex.com/a", "a", "A", "nav", True, 1)],
        )
        store.add_pages(crawl, [page])
        got = next(store.pages(crawl, with_links=True))
        assert got.title == "Home" and got.h1 == ["Home"]
        assert got.hreflang == [("de", "http://ex.com/de/")]
        assert got.blocks == [TextBlock("main", "p", "Hello")]
        assert got.links == page.links
        assert next(store.pages(crawl, with_blocks=False)).blocks == []


def test_summaries_share_one_read_only_empty_list_and_full_reads_get_their_own(
    tmp_path: Path,
) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        store.add_pages(crawl, [_page("http://ex.com/"), _page("http://ex.com/a", h1=["A"])])
        first, second = store.pages(crawl, summary=True)
        # a summary's left-out fields: one empty list for every page and field
        assert first.links is second.blocks is second.h2 is first.h1
        assert second.h1 == ["A"] and second.text_hash is None
        with pytest.raises(TypeError):
            first.links.append(Link("http://ex.com/", "http://ex.com/b"))
        assert second.links == []
        full = next(store.pages(crawl))
        assert full.links is not full.blocks and full.blocks is not full.h2
        full.links.append(Link("http://ex.com/", "http://ex.com/b"))
        assert full.blocks == [] and full.h2 == []


def test_rewriting_a_page_replaces_it_without_duplicate_rows(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        link = Link("http://ex.com/", "http://ex.com/a", position=1)
        for _ in range(3):
            store.add_pages(crawl, [_page("http://ex.com/", links=[link])])
        assert store.count_pages(crawl) == 1
        assert len(list(store.links(crawl))) == 1


def test_crawls_are_kept_side_by_side(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        first = store.begin_crawl(["http://ex.com/"], {})
        store.add_pages(first, [_page("http://ex.com/old")])
        store.finish_crawl(first, "finished", {"pages_crawled": 1})
        second = store.begin_crawl(["http://ex.com/"], {})
        store.add_pages(second, [_page("http://ex.com/new")])
        assert [r.id for r in store.crawls()] == [first, second]
        assert store.crawl().id == second
        assert [p.url for p in store.pages(first)] == ["http://ex.com/old"]
        assert store.crawl(first).stats == {"pages_crawled": 1}


def test_findings_events_and_sitemap_entries_round_trip(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        finding = Finding("broken-link", Severity.ERROR, "http://ex.com/", "m", evidence={"t": 1})
        store.replace_findings(crawl, [finding, finding])
        store.replace_findings(crawl, [finding])
        assert store.findings(crawl) == [finding]
        store.add_events(crawl, [CrawlEvent("query-trap", "http://ex.com/cal", "x")] * 2)
        assert len(store.events(crawl)) == 1
        store.add_sitemap_entries(crawl, [SitemapEntry("http://ex.com/a", "http://ex.com/s")])
        assert store.sitemap_entries(crawl)[0].url == "http://ex.com/a"


def test_links_to_non_ok_pages_join_the_target(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        links = [
            Link("http://ex.com/", "http://ex.com/gone", position=1),
            Link("http://ex.com/", "http://ex.com/ok", position=2),
        ]
        store.add_pages(
            crawl,
            [
                _page("http://ex.com/", links=links),
                Page("http://ex.com/gone", status=404),
                _page("http://ex.com/ok"),
            ],
        )
        rows = list(store.links_to_non_ok(crawl))
        assert [(link.target, page.status) for link, page in rows] == [("http://ex.com/gone", 404)]


def test_missing_database_and_newer_schema_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no crawl database"):
        Store.in_folder(tmp_path / "nothing", create=False)
    Store.in_folder(tmp_path).close()
    db = sqlite3.connect(tmp_path / "siteaudit.db")
    db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="upgrade siteaudit"):
        Store.in_folder(tmp_path)


def test_empty_store_has_no_latest_crawl(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store, pytest.raises(StoreError, match="holds no crawl"):
        store.crawl()


def test_a_database_error_reaches_the_caller_as_one_line_without_sql(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        db = sqlite3.connect(tmp_path / "siteaudit.db")
        db.execute("DROP TABLE events")
        db.close()
        with pytest.raises(StoreError) as caught:
            store.add_events(crawl, [CrawlEvent("page-limit", "http://ex.com/x")])
        message = str(caught.value)
        assert message == f"{store.location}: no such table: events"
        store.add_pages(crawl, [_page("http://ex.com/")])  # the store still works
        assert store.count_pages(crawl) == 1
