"""A full disk or a read-only output folder: one clear error, and the stored crawl survives."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from siteaudit.app.demo import DEMO_SITE_ROOT
from siteaudit.app.folder_server import serve_folder
from tests.helpers import REPO, run_siteaudit

FILE_SIZE_LIMIT = 400_000  # bytes: the demo crawl's write-ahead log outgrows it


@pytest.fixture(scope="module")
def demo_site() -> Iterator[str]:
    with serve_folder(DEMO_SITE_ROOT) as base:
        yield base


def _limit_file_size() -> None:
    # Past the limit, write() fails with EFBIG, as on a full disk (the signal would kill us).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


def _read_only(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def test_a_full_disk_stops_the_crawl_with_one_clear_error(demo_site: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(REPO), CI="true")
    result = subprocess.run(
        [sys.executable, "-m", "siteaudit", "crawl", demo_site + "/", "-o", str(out), "-q"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"siteaudit: error: cannot write to {out / 'siteaudit.db'}")
    assert "--resume" in result.stderr
    db = _read_only(out / "siteaudit.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT status FROM crawls").fetchall() == [("running",)]
    db.close()

    # With space again, the same crawl continues to the end.
    resumed = run_siteaudit("crawl", "--resume", "-o", str(out), "-q")
    assert resumed.returncode == 0, resumed.stderr
    db = _read_only(out / "siteaudit.db")
    assert db.execute("SELECT status FROM crawls").fetchall() == [("finished",)]
    assert db.execute("SELECT count(*) FROM pages").fetchone()[0] > 100
    db.close()


def _bind_read_only(source: Path, target: Path) -> bool:
    """A read-only view of ``source`` (root ignores file modes, so a bind mount is used)."""
    if os.geteuid() != 0:
        target.symlink_to(source)
        source.chmod(0o555)
        return True
    target.mkdir()
    steps = [["mount", "--bind", str(source), str(target)]]
    steps.append(["mount", "-o", "remount,ro,bind", str(target)])
    for step in steps:
        if subprocess.run(step, capture_output=True, check=False).returncode != 0:
            return False
    return True


def test_a_read_only_output_folder_is_a_clear_error_and_changes_nothing(
    demo_site: str, tmp_path: Path
) -> None:
    source, view = tmp_path / "out", tmp_path / "ro"
    assert run_siteaudit("crawl", demo_site + "/", "-o", str(source), "-q").returncode == 0
    db_path = source / "siteaudit.db"
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    if not _bind_read_only(source, view):
        pytest.skip("cannot make a read-only folder here (not root, no bind mount)")
    try:
        for args in (["crawl", demo_site + "/", "-o", str(view)], ["report", str(view)]):
            result = run_siteaudit(*args, "-q")
            assert result.returncode == 2, result.stderr
            assert result.stderr.startswith("siteaudit: error: ")
            assert "Traceback" not in result.stderr
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(view)], check=False)
        else:
            source.chmod(0o755)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    db = _read_only(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM pages").fetchone()[0] > 100
    db.close()
