"""Schema versions 2 (link positions, fragments and page anchors), 3 (URL ids, packed
page text), 4 (raw HTML table), 5 (link text ids) and 7 (packed findings); older databases
migrate."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine

from siteaudit.core.records import Link, Page
from siteaudit.store import SCHEMA_VERSION, Store, StoreDamaged
from siteaudit.store.migrations import MIGRATIONS, prepare_schema
from siteaudit.store.schema import LINKS_VIEW

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
        db.execute('UPDATE pages SET blocks = \'[["main", "p", "Hello"]]\'')
        db.execute("DROP VIEW links")
        db.execute("DROP TABLE page_links")
        db.execute("DROP TABLE urls")
        db.execute(V1_LINKS)
        db.execute(
            "INSERT INTO links VALUES "
            "(1, 'http://ex.com/', 1, 'http://ex.com/a', 'a', 'A', 'main', 0)"
        )
        db.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    db.close()


def _tables(path: Path, kind: str = "table") -> set[str]:
    """The names of the file's tables (or its indexes: ``kind="index"``)."""
    db = sqlite3.connect(path)
    try:
        query = "SELECT name FROM sqlite_master WHERE type = ?"
        return {row[0] for row in db.execute(query, (kind,))}
    finally:
        db.close()


def _columns(path: Path, table: str) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    finally:
        db.close()


def test_a_version_1_database_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "siteaudit.db"
    _v1_database(path)
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 7
        [page] = list(store.pages(1))
        assert page.anchors == []
        assert [block.text for block in page.blocks] == ["Hello"]
        [link] = list(store.links(1))
        assert (link.target, link.text, link.fragment, link.line, link.column) == (
            "http://ex.com/a",
            "A",
            None,
            None,
            None,
        )
    assert _columns(path, "links")[-3:] == ["fragment", "line", "col"]
    assert _columns(path, "page_html") == ["crawl_id", "url", "html"]  # version 4
    assert _columns(path, "link_texts") == ["id", "text"]  # version 5


def test_a_failed_migration_leaves_the_database_at_its_old_version(tmp_path: Path) -> None:
    path = tmp_path / "siteaudit.db"
    _v1_database(path)

    def breaks_after_altering(conn: Connection) -> None:
        conn.exec_driver_sql("ALTER TABLE pages ADD COLUMN half_done TEXT")
        raise RuntimeError("disk gone")

    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn, pytest.raises(RuntimeError, match="disk gone"):
        prepare_schema(
            conn, str(path), migrations=[*MIGRATIONS, (6, breaks_after_altering)], target=6
        )
    engine.dispose()
    # Neither the step that ran before the failure nor the new version was kept.
    assert "half_done" not in _columns(path, "pages")
    assert "fragment" not in _columns(path, "links")
    assert "page_links" not in _tables(path)
    with Store(path) as store:  # and the real upgrade still works afterwards
        assert store.schema_version() == SCHEMA_VERSION
        assert [link.target for link in store.links(1)] == ["http://ex.com/a"]


def test_opening_a_current_database_writes_nothing(tmp_path: Path) -> None:
    Store.in_folder(tmp_path).close()
    # Another connection holds the write lock: an open that needed to write would wait.
    holder = sqlite3.connect(tmp_path / "siteaudit.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.in_folder(tmp_path) as store:
            assert store.schema_version() == SCHEMA_VERSION
            assert store.crawls() == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_new_sqlite_file_has_the_documented_tables(tmp_path: Path) -> None:
    Store.in_folder(tmp_path).close()
    path = tmp_path / "siteaudit.db"
    db = sqlite3.connect(path)
    tables = {
        name: sql
        for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type='table'")
    }
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    db.close()
    assert set(tables) >= {
        "meta", "crawls", "pages", "urls", "link_texts", "page_links", "sitemap_urls", "events",
        "finding_blocks",
    }  # fmt: skip
    assert "findings" not in tables
    assert "links_target" in indexes
    assert "AUTOINCREMENT" in tables["crawls"]
    for name in ("pages", "page_links", "sitemap_urls", "events", "finding_blocks"):
        assert "WITHOUT ROWID" in tables[name], name
    assert _columns(path, "page_links") == [
        "crawl_id", "source_id", "position", "target_id", "kind", "text_id", "region",
        "nofollow", "fragment", "line", "col",
    ]  # fmt: skip
    assert "UNIQUE (text)" in tables["link_texts"]
    # The view shows the links with their URLs, as version 2's table held them.
    assert _columns(path, "links") == [
        "crawl_id", "source", "position", "target", "kind", "text", "region", "nofollow",
        "fragment", "line", "col",
    ]  # fmt: skip
    assert _columns(path, "pages")[:3] == ["crawl_id", "url", "status"]
    assert _columns(path, "pages")[-2:] == ["blocks", "anchors"]


def test_rows_are_read_and_written_by_column_name_not_position(tmp_path: Path) -> None:
    """A links table another tool created with its columns in another order still works."""
    path = tmp_path / "siteaudit.db"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE page_links (col INTEGER, line INTEGER, fragment TEXT, nofollow INTEGER "
        "NOT NULL, region TEXT NOT NULL, text_id INTEGER, kind TEXT NOT NULL, target_id "
        "INTEGER NOT NULL, position INTEGER NOT NULL, source_id INTEGER NOT NULL, crawl_id "
        "INTEGER NOT NULL, PRIMARY KEY (crawl_id, source_id, position))"
    )
    db.close()
    link = Link("http://ex.com/", "http://ex.com/b", "a", "B", "nav", True, 4, "top", 3, 9)
    with Store(path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        store.add_pages(crawl, [Page("http://ex.com/", 200, is_html=True, links=[link])])
        assert list(store.links(crawl)) == [link]
        assert list(store.links_with_fragments(crawl)) == [link]


# Version 4's page_links and links view: each link's text inline.
V4_PAGE_LINKS = """CREATE TABLE page_links (crawl_id INTEGER NOT NULL, source_id INTEGER NOT NULL,
position INTEGER NOT NULL, target_id INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT,
region TEXT NOT NULL, nofollow INTEGER NOT NULL, fragment TEXT, line INTEGER, col INTEGER,
PRIMARY KEY (crawl_id, source_id, position)) WITHOUT ROWID"""
V4_LINKS_VIEW = LINKS_VIEW.replace("x.text AS text", "l.text AS text").split(" LEFT JOIN")[0]


def _v4_database(path: Path, links: list[Link]) -> None:
    """A version 4 file holding these links of one page."""
    with Store(path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        store.add_pages(crawl, [Page("http://ex.com/", 200, is_html=True, links=links)])
    db = sqlite3.connect(path)
    with db:
        db.execute("DROP VIEW links")
        db.execute("ALTER TABLE page_links RENAME TO page_links_v5")
        db.execute(V4_PAGE_LINKS)
        db.execute(
            "INSERT INTO page_links SELECT l.crawl_id, l.source_id, l.position, l.target_id, "
            "l.kind, x.text, l.region, l.nofollow, l.fragment, l.line, l.col "
            "FROM page_links_v5 l LEFT JOIN link_texts x ON x.id = l.text_id"
        )
        db.execute("DROP TABLE page_links_v5")
        db.execute("DROP TABLE link_texts")
        db.execute(f"CREATE VIEW links AS {V4_LINKS_VIEW}")
        db.execute("CREATE INDEX links_target ON page_links (crawl_id, target_id)")
        db.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    db.close()


def test_a_version_4_database_stores_each_link_text_once_and_reads_the_same(
    tmp_path: Path,
) -> None:
    path = tmp_path / "siteaudit.db"
    home = "http://ex.com/"
    links = [
        Link(home, "http://ex.com/a", "a", "Billing", "nav", False, 1),
        Link(home, "http://ex.com/b", "a", "Billing", "main", False, 2, "top", 4, 2),
        Link(home, "http://ex.com/c", "a", "", "main", True, 3),  # empty: not the same as none
        Link(home, "http://ex.com/i.png", "img", None, "main", False, 4),  # no alt at all
        Link(home, "http://ex.com/j.png", "img", "Café – ünïcode", "main", False, 5),
    ]
    _v4_database(path, links)
    assert "link_texts" not in _tables(path) and "text" in _columns(path, "page_links")
    with Store(path, create=False, verify=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert list(store.links(1)) == links
        assert store.images_without_alt(1) == [(home, "http://ex.com/i.png")]
        assert store.anchor_texts(1, home) == {"Billing", ""}
        assert store.distinct_anchor_texts(1) == ["Billing"]
    db = sqlite3.connect(path)
    try:
        texts = sorted(row[0] for row in db.execute("SELECT text FROM link_texts"))
        via_view = list(db.execute("SELECT text FROM links ORDER BY position"))
        nulls = db.execute("SELECT count(*) FROM page_links WHERE text_id IS NULL").fetchone()
        indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    finally:
        db.close()
    assert texts == ["", "Billing", "Café – ünïcode"]  # each text once
    assert via_view == [("Billing",), ("Billing",), ("",), (None,), ("Café – ünïcode",)]
    assert nulls == (1,)
    assert "page_links_v4" not in indexes and "links_target" in indexes
    assert _columns(path, "page_links")[4:7] == ["kind", "text_id", "region"]


def test_the_same_text_on_many_pages_is_one_row(tmp_path: Path) -> None:
    """Texts are interned across batches and pages: a menu on every page costs one row."""
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {})
        for batch in range(3):
            pages = [
                Page(
                    f"http://ex.com/{batch}-{n}",
                    200,
                    is_html=True,
                    links=[
                        Link(f"http://ex.com/{batch}-{n}", "http://ex.com/", "a", "Home", "nav"),
                        Link(f"http://ex.com/{batch}-{n}", "/x", "a", f"Page {n}", position=1),
                    ],
                )
                for n in range(4)
            ]
            store.add_pages(crawl, pages)
        assert store.count_links(crawl) == 24
        texts = store.connection.exec_driver_sql("SELECT text FROM link_texts").scalars().all()
    assert sorted(texts) == ["Home", "Page 0", "Page 1", "Page 2", "Page 3"]


V6_FINDINGS = """CREATE TABLE findings (crawl_id INTEGER NOT NULL REFERENCES crawls (id),
check_id TEXT NOT NULL, severity TEXT NOT NULL, url TEXT NOT NULL, message TEXT NOT NULL,
element TEXT, snippet TEXT, fix TEXT, evidence TEXT NOT NULL)"""


def _v6_database(path: Path, rows: list[tuple[object, ...]]) -> None:
    """A version 6 file: a findings row each (crawl 1), no finding_blocks."""
    Store(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("INSERT INTO crawls (started_at, status, start_urls, config) "
                   "VALUES ('2026-01-01', 'finished', '[]', '{}')")  # fmt: skip
        db.execute("DROP TABLE finding_blocks")
        db.execute(V6_FINDINGS)
        db.execute("CREATE INDEX findings_crawl ON findings (crawl_id, check_id)")
        db.executemany("INSERT INTO findings VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("UPDATE meta SET value='6' WHERE key='schema_version'")
    db.close()


def test_a_version_6_database_packs_its_findings_in_their_order(tmp_path: Path) -> None:
    path = tmp_path / "siteaudit.db"
    rows = [
        ("broken-link", "error", f"http://ex.com/{i}", f"m{i}", None, "s", None, f'{{"i": {i}}}')
        for i in range(4_500)  # three blocks
    ]
    rows[2] = ("title-duplicate", "warning", "http://ex.com/é", "Café", "title", None, "f", "{}")
    _v6_database(path, rows)
    with Store(path, create=False, verify=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
        found = store.findings(1)
    assert [(f.check, str(f.severity), f.url, f.message, f.element, f.snippet, f.fix)
            for f in found] == [row[:7] for row in rows]  # fmt: skip
    assert found[7].evidence == {"i": 7} and found[2].evidence == {}
    assert "findings" not in _tables(path) and "findings_crawl" not in _tables(path, "index")
    blocks = sqlite3.connect(path).execute("SELECT block, findings FROM finding_blocks")
    assert sorted(blocks) == [(0, 2_000), (1, 2_000), (2, 500)]


def test_unreadable_version_6_findings_leave_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "siteaudit.db"
    _v6_database(path, [("broken-link", "error", "http://ex.com/", "m", None, None, None, "{")])
    with pytest.raises(StoreDamaged, match="findings of crawl 1 unreadable") as raised:
        Store(path, create=False)
    assert str(path) in str(raised.value)  # which file, on the one line
    assert "findings" in _tables(path) and "finding_blocks" not in _tables(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("6",)
    db.close()
