"""kill -9 at random moments, then --resume: the store ends as if nothing had happened."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from siteaudit.crawler.crawl_stats import CHECKPOINT_S

from siteaudit.app.demo import DEMO_SITE_ROOT
from siteaudit.app.folder_server import serve_folder
from tests.helpers import REPO, run_siteaudit

KILLS = 12
# Slow enough that the crawl outlives a dozen kills; one request at a time keeps it so.
SLOW = ["--delay", "0.08", "--per-host", "1", "-q"]


@dataclass(frozen=True)
class Snapshot:
    """What a crawl stored, split at its spider traps.

    Which N variants of an endless calendar fill the --max-query-variants budget depends
    on fetch order, so it differs even between two uninterrupted crawls at different
    speeds: trapped paths are compared by their variant count, everything else exactly.
    """

    pages: set[tuple[object, ...]]
    links: set[tuple[object, ...]]
    trap_variants: dict[str, int]
    rows: int


@pytest.fixture(scope="module")
def demo_site() -> Iterator[str]:
    with serve_folder(DEMO_SITE_ROOT) as base:
        yield base


@pytest.fixture(scope="module")
def uninterrupted(demo_site: str, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    out = tmp_path_factory.mktemp("full")
    result = run_siteaudit("crawl", demo_site + "/", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return _snapshot(out / "siteaudit.db")


def _snapshot(db_path: Path) -> Snapshot:
    db = sqlite3.connect(db_path)
    try:
        traps = [r[0] for r in db.execute("SELECT url FROM events WHERE kind='query-trap'")]
        pages = list(db.execute("SELECT url, status, location, title FROM pages"))
        links = list(db.execute("SELECT source, position, target FROM links"))
    finally:
        db.close()

    def trapped(url: object) -> bool:
        return any(str(url).startswith(path + "?") for path in traps)

    return Snapshot(
        pages={p for p in pages if not trapped(p[0])},
        links={ln for ln in links if not trapped(ln[0]) and not trapped(ln[2])},
        trap_variants={t: sum(str(p[0]).startswith(t + "?") for p in pages) for t in traps},
        rows=len(pages),
    )


def _query(db_path: Path, sql: str) -> tuple[object, ...] | None:
    """One row, or None while the database or its tables do not exist yet."""
    if not db_path.exists():
        return None
    try:
        db = sqlite3.connect(db_path, timeout=5)
        try:
            return db.execute(sql).fetchone()
        finally:
            db.close()
    except sqlite3.OperationalError:
        return None


def _page_count(db_path: Path) -> int:
    row = _query(db_path, "SELECT count(*) FROM pages")
    return int(row[0]) if row else 0  # type: ignore[call-overload]


def _crawl_status(db_path: Path) -> str | None:
    row = _query(db_path, "SELECT status FROM crawls ORDER BY id DESC LIMIT 1")
    return str(row[0]) if row else None


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO), CI="true")
    return subprocess.Popen(
        [sys.executable, "-m", "siteaudit", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_progress(proc: subprocess.Popen[bytes], db_path: Path, since: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if _page_count(db_path) > since:
            return
        time.sleep(0.05)


def test_crawl_killed_at_random_moments_resumes_to_the_uninterrupted_result(
    demo_site: str, uninterrupted: Snapshot, tmp_path: Path
) -> None:
    rng = random.Random(9)
    out = tmp_path / "killed"
    db_path = out / "siteaudit.db"
    kills = 0
    cycle = 0
    while kills < KILLS:
        if cycle == 0:
            proc = _start(["crawl", demo_site + "/", "-o", str(out), *SLOW])
        else:
            proc = _start(["crawl", "--resume", "-o", str(out), "-q"])
        before = _page_count(db_path)
        if cycle == 0:
            # Killed before it records the crawl, there is nothing to resume: let it begin.
            while _crawl_status(db_path) is None and proc.poll() is None:
                time.sleep(0.02)
        if cycle % 2 == 0:
            # Half the kills land mid-crawl, between and during the store's batch writes...
            _wait_for_progress(proc, db_path, before)
            time.sleep(rng.uniform(0.0, 1.0))
        else:
            # ...half while it starts, rebuilds its frontier from the store or begins fetching.
            time.sleep(rng.uniform(0.3, 1.5))
        cycle += 1
        if proc.poll() is not None:
            break  # it finished before the kill: nothing left to interrupt
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        kills += 1
        row = _query(db_path, "PRAGMA integrity_check")
        assert row is None or row[0] == "ok"
    assert kills >= 10, f"the crawl finished after only {kills} kills: make it slower"
    assert _crawl_status(db_path) != "finished"

    final = run_siteaudit("crawl", "--resume", "-o", str(out), "-q")
    assert final.returncode == 0, final.stderr
    assert _crawl_status(db_path) == "finished"

    resumed = _snapshot(db_path)
    assert {p[0] for p in resumed.pages} == {p[0] for p in uninterrupted.pages}
    assert resumed.pages == uninterrupted.pages
    assert resumed.links == uninterrupted.links
    assert resumed.trap_variants == uninterrupted.trap_variants
    assert resumed.rows == uninterrupted.rows
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM crawls").fetchone()[0] == 1
        assert db.execute("SELECT count(DISTINCT url) FROM pages").fetchone()[0] == resumed.rows
        distinct_links = "SELECT count(*) FROM (SELECT DISTINCT source, position FROM links)"
        assert (
            db.execute("SELECT count(*) FROM links").fetchone()[0]
            == (db.execute(distinct_links).fetchone()[0])
        )
    finally:
        db.close()


def _stats(db_path: Path) -> dict[str, object]:
    row = _query(db_path, "SELECT stats FROM crawls ORDER BY id DESC LIMIT 1")
    return json.loads(str(row[0])) if row and row[0] else {}


def test_a_killed_runs_time_counts_in_the_resumed_crawls_stats(
    demo_site: str, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    db_path = out / "siteaudit.db"
    proc = _start(["crawl", demo_site + "/", "-o", str(out), *SLOW])
    # The store pipeline writes the stats every CHECKPOINT_S seconds while it crawls.
    deadline = time.monotonic() + 60
    while not _stats(db_path).get("crawl_s") and proc.poll() is None:
        assert time.monotonic() < deadline, "no stats checkpoint within a minute"
        time.sleep(0.1)
    assert proc.poll() is None, "the crawl ended before its first checkpoint: make it slower"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    killed = _stats(db_path)
    assert float(killed["crawl_s"]) >= CHECKPOINT_S  # type: ignore[arg-type]
    assert killed["runs"] == 1 and int(killed["requests"]) > 0  # type: ignore[call-overload]
    assert 0 < int(killed["pages_crawled"]) <= _page_count(db_path)  # type: ignore[call-overload]

    final = run_siteaudit("crawl", "--resume", "-o", str(out), "-q")
    assert final.returncode == 0, final.stderr
    done = _stats(db_path)
    assert done["runs"] == 2
    assert float(done["crawl_s"]) > float(killed["crawl_s"])  # type: ignore[arg-type]
    assert int(done["requests"]) > int(killed["requests"])  # type: ignore[call-overload]
    assert done["pages_crawled"] == _page_count(db_path)
    pages_per_s = int(done["pages_crawled"]) / float(done["crawl_s"])  # type: ignore[call-overload,arg-type]
    assert done["pages_per_s"] == round(pages_per_s, 1)
