"""Ctrl-C and kill -9 during a rendering crawl: no browser left behind, --resume completes it.

Chromium and Playwright's driver are real child processes here. A page waiting for its
rendering is not stored yet, so the store stays the record of what is done and a resumed
crawl fetches the rest (siteaudit.crawler.resume), rendering again what needs it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO, descendants, html, run_siteaudit, write_site
from tests.js_site import write_js_site
from tests.site_server import serve_site

SLOW = ["-q", "--delay", "0.05", "--per-host", "2"]


@pytest.fixture(scope="module")
def js_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    root = tmp_path_factory.mktemp("js-site")
    pages = write_js_site(root, sections=3, per_section=8, kb=8)
    with serve_site(root) as base:
        yield base, pages


def _pages(db_path: Path) -> int:
    try:
        db = sqlite3.connect(db_path, timeout=1)
        try:
            return int(db.execute("SELECT count(*) FROM pages").fetchone()[0])
        finally:
            db.close()
    except sqlite3.OperationalError:
        return 0  # not created yet


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _crawl_until_rendering(
    base: str, out: Path, mode: str
) -> tuple[subprocess.Popen[str], set[int]]:
    """Start a crawl; return once it stored some pages and runs a browser (its processes)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "siteaudit",
            "crawl",
            base + "/",
            "-o",
            str(out),
            "--render",
            mode,
            *SLOW,
        ],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    browser: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        browser = set(descendants(proc.pid))
        if len(browser) >= 3 and _pages(out / "siteaudit.db") >= 5:
            return proc, browser
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"no rendering crawl under way: {proc.communicate()}")


def _wait_gone(pids: set[int], timeout: float = 20) -> set[int]:
    deadline = time.monotonic() + timeout
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _alive(pids)


def _resume_and_check(out: Path, pages: int) -> None:
    resumed = run_siteaudit("crawl", "--resume", "-o", str(out), "-q", timeout=180)
    assert resumed.returncode == 0, resumed.stderr
    db = sqlite3.connect(out / "siteaudit.db")
    try:
        html = db.execute("SELECT count(*), count(DISTINCT url) FROM pages WHERE is_html = 1")
        assert html.fetchone() == (pages, pages)
        assert db.execute("SELECT status FROM crawls").fetchone()[0] == "finished"
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_ctrl_c_stops_the_browser_and_resume_renders_the_rest(
    js_site: tuple[str, int], tmp_path: Path
) -> None:
    base, pages = js_site
    out = tmp_path / "out"
    proc, browser = _crawl_until_rendering(base, out, "auto")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err
    assert not _wait_gone(browser), "browser processes outlived the crawl"
    assert _pages(out / "siteaudit.db") < pages
    _resume_and_check(out, pages)


def test_kill_9_leaves_no_browser_and_resume_completes(
    js_site: tuple[str, int], tmp_path: Path
) -> None:
    base, pages = js_site
    out = tmp_path / "out"
    proc, browser = _crawl_until_rendering(base, out, "always")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    # Playwright's driver exits when its pipe to the dead crawler closes, and closes Chromium.
    assert not _wait_gone(browser), "browser processes outlived the killed crawl"
    _resume_and_check(out, pages)


def _render_events(db_path: Path) -> set[str]:
    try:
        db = sqlite3.connect(db_path, timeout=5)
        try:
            rows = db.execute("SELECT url FROM events WHERE kind = 'render'")
            return {row[0] for row in rows}
        finally:
            db.close()
    except sqlite3.OperationalError:
        return set()  # not created yet


def test_resume_keeps_the_render_decisions_of_the_killed_run(tmp_path: Path) -> None:
    # One part, /docs/: pages that run a script which adds nothing. Three samples decide it
    # is crawled raw; the resumed crawl must keep that decision, not render three more.
    count = 40
    files = {"index.html": html("Home", "<a href='/docs/p0.html'>docs</a>")}
    for n in range(count):
        links = f"<a href='/docs/p{n + 1}.html'>next</a>" if n + 1 < count else ""
        body = f"<p>Page {n} of the docs.</p>{links}<script src='/quiet.js'></script>"
        files[f"docs/p{n}.html"] = html(f"Docs {n}", body)
    files["quiet.js"] = "console.log('nothing to add');"
    site = write_site(tmp_path / "site", files)
    out = tmp_path / "out"
    db = out / "siteaudit.db"
    with serve_site(site) as base:
        args = [sys.executable, "-m", "siteaudit", "crawl", base + "/", "-o", str(out)]
        proc = subprocess.Popen(
            [*args, "--render", "auto", "-q", "--delay", "0.1", "--per-host", "1"],
            cwd=REPO,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists() and len(_render_events(db)) >= 3:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        sampled = _render_events(db)
        stored = _pages(db)
        assert len(sampled) >= 3 and stored < count, (sampled, stored)
        resumed = run_siteaudit("crawl", "--resume", "-o", str(out), timeout=180)
    assert resumed.returncode == 0, resumed.stderr
    # The docs, the home page and quiet.js (checked as an asset).
    assert _pages(db) == count + 2
    assert _render_events(db) == sampled  # no page of the resumed run was rendered
    assert "/docs/ " in resumed.stdout and "raw: 3 samples gained nothing" in resumed.stdout
