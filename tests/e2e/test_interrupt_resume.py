"""Ctrl-C leaves a consistent store; --resume finishes with exactly the uninterrupted result."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import REPO, html, run_siteaudit, stored_pages, write_site
from tests.site_server import serve_site


def _site(root: Path, n: int = 100) -> Path:
    files = {
        f"p{i}.html": html(
            f"Page {i}",
            "".join(f'<a href="/p{j}.html">{j}</a>' for j in range(i + 1, min(i + 4, n))),
        )
        for i in range(n)
    }
    files["index.html"] = html("Home", '<a href="/p0.html">start</a>')
    return write_site(root, files)


def _wait_for_pages(db_path: Path, at_least: int, timeout: float = 30) -> None:
    """Poll the store until the crawl has written some pages (the pipeline flushes every 2 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db_path.exists():
            try:
                db = sqlite3.connect(db_path, timeout=1)
                count = db.execute("SELECT count(*) FROM pages").fetchone()[0]
                db.close()
            except sqlite3.OperationalError:
                count = 0  # tables not created yet
            if count >= at_least:
                return
        time.sleep(0.1)
    raise AssertionError(f"the crawl wrote fewer than {at_least} pages in {timeout} s")


def _snapshot(output: Path) -> tuple[dict[str, int], set[tuple[str, str]]]:
    pages = stored_pages(output)
    statuses = {url: page.status for url, page in pages.items()}
    links = {(link.source, link.target) for page in pages.values() for link in page.links}
    return statuses, links


def test_interrupted_crawl_resumes_to_the_same_pages_and_links(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    slow = ["-q", "--delay", "0.05", "--per-host", "1"]
    with serve_site(root) as base:
        assert (
            run_siteaudit("crawl", base + "/", "-o", str(tmp_path / "full"), *slow).returncode == 0
        )
        out = tmp_path / "cut"
        proc = subprocess.Popen(
            [sys.executable, "-m", "siteaudit", "crawl", base + "/", "-o", str(out), *slow],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_for_pages(out / "siteaudit.db", at_least=5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert "--resume" in err
        partial, _ = _snapshot(out)
        assert 0 < len(partial) < 101
        db = sqlite3.connect(out / "siteaudit.db")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT status FROM crawls").fetchone()[0] == "interrupted"
        db.close()

        resumed = run_siteaudit("crawl", "--resume", "-o", str(out), "-q")
        assert resumed.returncode == 0, resumed.stderr
    assert _snapshot(out) == _snapshot(tmp_path / "full")
    db = sqlite3.connect(out / "siteaudit.db")
    assert db.execute("SELECT count(*), count(DISTINCT url) FROM pages").fetchone() == (101, 101)
    assert db.execute("SELECT status FROM crawls").fetchone()[0] == "finished"


def test_resume_without_an_interrupted_crawl_is_a_clear_error(tmp_path: Path) -> None:
    result = run_siteaudit("crawl", "--resume", "-o", str(tmp_path), "-q")
    assert result.returncode == 2
    assert "nothing to resume" in result.stderr
