"""Store(verify=True): a whole store opens, a damaged one is refused without being written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from siteaudit.core.records import Link, Page
from siteaudit.store import SCHEMA_VERSION, Store, StoreDamaged, StoreError
from tests.store.test_store_migration import _v1_database


def _store(path: Path) -> Path:
    with Store(path) as store:
        crawl = store.begin_crawl(["http://ex.com/"], {"max_pages": 10})
        page = Page("http://ex.com/", 200, links=[Link("http://ex.com/", "http://ex.com/a")])
        store.add_pages(crawl, [page])
        store.finish_crawl(crawl, "finished", {"pages_crawled": 1})
    return path


def test_a_whole_store_opens_verified_and_reads(tmp_path: Path) -> None:
    path = _store(tmp_path / "siteaudit.db")
    with Store(path, create=False, verify=True) as store:
        assert [p.url for p in store.pages(store.crawl().id)] == ["http://ex.com/"]


def test_a_new_database_passes_the_check(tmp_path: Path) -> None:
    with Store(tmp_path / "new.db", verify=True) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_a_version_1_store_lacks_no_column_it_should_have_and_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "siteaudit.db"
    _v1_database(path)
    with Store(path, create=False, verify=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert [link.fragment for link in store.links(1)] == [None]


def test_a_refused_store_is_not_written(tmp_path: Path) -> None:
    path = _store(tmp_path / "siteaudit.db")
    db = sqlite3.connect(path)
    db.execute("DROP TABLE page_links")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = path.read_bytes()

    with pytest.raises(StoreDamaged, match="table page_links is missing") as refused:
        Store(path, create=False, verify=True)

    assert isinstance(refused.value, StoreError)  # every command already shows it in one line
    assert path.read_bytes() == before


def test_a_column_dropped_from_a_current_store_is_damage(tmp_path: Path) -> None:
    path = _store(tmp_path / "siteaudit.db")
    db = sqlite3.connect(path)
    with db:
        db.execute("ALTER TABLE pages DROP COLUMN anchors")  # version 2 added it
    db.close()
    with pytest.raises(StoreDamaged, match=r"column pages\.anchors is missing"):
        Store(path, create=False, verify=True)


def test_a_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE notes (body TEXT)")
    db.close()
    with pytest.raises(StoreError, match="is not a siteaudit store"):
        Store(path, create=False, verify=True)
    db = sqlite3.connect(path)
    assert [row[0] for row in db.execute("SELECT name FROM sqlite_master")] == ["notes"]
    db.close()
