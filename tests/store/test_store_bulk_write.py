"""The crawl's write path: rows made as pages arrive, read-only indexes built at the end."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from siteaudit.core.records import Link, Page, Region, TextBlock
from siteaudit.store import PageRows, Store
from siteaudit.store.rows import blocks_json as _blocks_json


def _indexes(folder: Path) -> set[str]:
    with sqlite3.connect(folder / "siteaudit.db") as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}


def _page(url: str) -> Page:
    link = Link(url, "http://ex.com/t", "a", "T", "main", False, 1)
    return Page(url, 200, is_html=True, blocks=[TextBlock("main", "p", "x")], links=[link])


def test_page_rows_write_what_add_pages_writes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with Store.in_folder(tmp_path / "a") as a, Store.in_folder(tmp_path / "b") as b:
        crawl_a, crawl_b = a.begin_crawl([], {}), b.begin_crawl([], {})
        a.add_pages(crawl_a, [_page("http://ex.com/")])
        rows = PageRows(crawl_b)
        rows.add(_page("http://ex.com/"))
        b.add_page_rows(rows)
        got_a = list(a.pages(crawl_a, with_links=True))
        assert got_a == list(b.pages(crawl_b, with_links=True))
        assert got_a[0].links[0].region == "main"


def test_a_lone_crawl_defers_the_target_index_and_builds_it_at_the_end(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([], {})
        assert store.defer_read_indexes(crawl)
        assert "links_target" not in _indexes(tmp_path)
        store.add_pages(crawl, [_page("http://ex.com/")])
        store.build_read_indexes()
    assert "links_target" in _indexes(tmp_path)


def test_a_store_left_without_the_index_gets_it_back_when_opened(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        assert store.defer_read_indexes(store.begin_crawl([], {}))
    # The crawl was killed before build_read_indexes: any later open restores it.
    Store.in_folder(tmp_path).close()
    assert "links_target" in _indexes(tmp_path)


def test_a_resuming_crawl_does_not_rebuild_the_index_it_would_drop(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([], {})
        assert store.defer_read_indexes(crawl)
        store.add_pages(crawl, [_page("http://ex.com/")])
    # Killed; the resumed crawl opens the store without the read index (a build of
    # minutes on a large store, dropped again at once), writes, and builds it at the end.
    with Store.in_folder(tmp_path, verify=True, read_indexes=False) as store:
        assert "links_target" not in _indexes(tmp_path)
        assert store.defer_read_indexes(crawl)
        store.add_pages(crawl, [_page("http://ex.com/b")])
        assert store.count_pages(crawl) == 2
        store.build_read_indexes()
    assert "links_target" in _indexes(tmp_path)


def test_the_index_is_kept_when_other_crawls_have_links(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        first = store.begin_crawl([], {})
        store.add_pages(first, [_page("http://ex.com/")])
        assert not store.defer_read_indexes(store.begin_crawl([], {}))
    assert "links_target" in _indexes(tmp_path)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(Region)), st.text(max_size=6), st.text())))
def test_blocks_are_written_as_json_dumps_writes_them(blocks: list[tuple[str, str, str]]) -> None:
    records = [TextBlock(*b) for b in blocks]
    assert _blocks_json(records) == json.dumps(blocks, ensure_ascii=False)
