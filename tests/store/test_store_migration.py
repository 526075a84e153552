"""Schema version 2: link positions, fragments and page anchors; older databases migrate."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from siteaudit.core.records import Link, Page
from siteaudit.store import SCHEMA_VERSION, Store

V1_LINKS = """CREATE TABLE links (crawl_id INTEGER NOT NULL, source TEXT NOT NULL,
position INTEGER NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, text TEXT,
region TEXT NOT NULL, nofollow INTEGER NOT NULL, PRIMARY KEY (crawl_id, source, position))
WITHOUT ROWID"""


def _v1_database(path: Path) -> None:
    with Store(path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        store.add_pages(crawl, [Page("http://ex.com/", 200)])
    db = sqlite3.connect(path)
    with db:
        db.execute("ALTER TABLE pages DROP COLUMN anchors")
        db.execute("DROP TABLE links")
        db.execute(V1_LINKS)
        db.execute(
            "INSERT INTO links VALUES "
            "(1, 'http://ex.com/', 1, 'http://ex.com/a', 'a', 'A', 'main', 0)"
        )
        db.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    db.close()


def test_a_version_1_database_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "siteaudit.db"
    _v1_database(path)
    with Store(path) as store:
        version = store.db.execute("SELECT value FROM meta WHERE key='schema_version'")
        assert int(version.fetchone()[0]) == SCHEMA_VERSION == 2
        [page] = list(store.pages(1))
        assert page.anchors == []
        [link] = list(store.links(1))
        assert (link.target, link.fragment, link.line, link.column) == (
            "http://ex.com/a",
            None,
            None,
            None,
        )


def test_link_positions_fragments_and_anchors_round_trip(tmp_path: Path) -> None:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        link = Link(
            "http://ex.com/", "http://ex.com/b", fragment="top-2", line=12, column=9, position=1
        )
        store.add_pages(crawl, [Page("http://ex.com/", 200, anchors=["x", "y"], links=[link])])
        assert list(store.links_with_fragments(crawl)) == [link]
        assert store.anchors(crawl, ["http://ex.com/"]) == {"http://ex.com/": {"x", "y"}}
        [(stored, _)] = [(ln, p) for p in store.pages(crawl, with_links=True) for ln in p.links]
        assert (stored.line, stored.column) == (12, 9)
