"""The service's crawl records (service_state) on SQLite, including files of older services."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from siteaudit.store.service_sites import SiteNameTaken, SiteRecords
from siteaudit.store.service_state import SERVICE_DB, ServiceState

# The table as services before version 2 of the schema created it in service.db.
LEGACY = """CREATE TABLE crawls (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL,
options TEXT NOT NULL, owner TEXT NOT NULL, state TEXT NOT NULL, output TEXT NOT NULL DEFAULT '',
store_crawl_id INTEGER, job TEXT, runs INTEGER NOT NULL DEFAULT 0, pid INTEGER,
created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, error TEXT,
progress TEXT NOT NULL DEFAULT '{}', cancel_requested INTEGER NOT NULL DEFAULT 0)"""


def test_records_round_trip_by_column_name(tmp_path: Path) -> None:
    state = ServiceState.in_folder(tmp_path)
    try:
        first = state.add("http://ex.com/", {"max_pages": 5}, "owner-a")
        second = state.add("http://ex.org/", {}, "owner-a")
        state.update(first.id, state="running", progress={"pages": 2}, cancel_requested=True)
        got = state.get(first.id)
        assert got is not None
        assert (got.state, got.progress, got.cancel_requested) == ("running", {"pages": 2}, True)
        assert got.options == {"max_pages": 5} and got.url == "http://ex.com/"
        assert [j.id for j in state.all()] == [second.id, first.id]
        assert [j.id for j in state.in_states(("queued",))] == [second.id]
        assert state.count_active("owner-a") == 2 and state.count_active("owner-b") == 0
        assert state.get(999) is None
    finally:
        state.close()
    assert (tmp_path / SERVICE_DB).is_file()


def test_a_service_db_of_an_older_service_keeps_its_crawls(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / SERVICE_DB)
    with db:
        db.execute(LEGACY)
        db.execute(
            "INSERT INTO crawls (url, options, owner, state, created_at) "
            "VALUES ('http://ex.com/', '{}', 'o', 'finished', '2025-01-01T00:00:00+00:00')"
        )
    db.close()
    state = ServiceState.in_folder(tmp_path)
    try:
        [job] = state.all()
        assert (job.id, job.url, job.state) == (1, "http://ex.com/", "finished")
        # Columns added with sites come with their defaults.
        assert (job.site_id, job.summary, job.started_by, job.pruned_at) == (None, {}, "api", None)
        assert state.add("http://ex.org/", {}, "o").id == 2  # ids go on from the old ones
    finally:
        state.close()


def test_sites_round_trip_and_keep_their_crawls_when_deleted(tmp_path: Path) -> None:
    state = ServiceState.in_folder(tmp_path)
    sites = SiteRecords(state)
    try:
        site = sites.add({"name": "docs", "start_urls": ["http://ex.com/"], "options": {}}, "o")
        crawl = state.add("http://ex.com/", {}, "o", site_id=site.id, started_by="schedule")
        state.update(crawl.id, summary={"health": 90})
        assert [c.id for c in state.of_site(site.id)] == [crawl.id]
        with pytest.raises(SiteNameTaken):
            sites.add({"name": "docs", "start_urls": ["http://ex.org/"]}, "o")
        edited = sites.edit(site.id, {"schedule": "0 3 * * mon", "keep_crawls": 2})
        assert edited is not None and (edited.schedule, edited.keep_crawls) == ("0 3 * * mon", 2)
        sites.record_skip(site.id)
        again = sites.get(site.id)
        assert again is not None and again.skipped_runs == 1 and again.last_skipped_at
        sites.delete(site.id)
        assert sites.get(site.id) is None
        kept = state.get(crawl.id)
        assert kept is not None and kept.site_id is None and kept.summary == {"health": 90}
    finally:
        state.close()
