"""The repository is a Scrapy project: `scrapy list` and `scrapy crawl site` work from its root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from siteaudit.store import Store
from tests.helpers import REPO, html, write_site
from tests.site_server import serve_site


def _scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_scrapy_list_names_the_site_spider() -> None:
    result = _scrapy("list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["site"]


def test_scrapy_crawl_stores_a_finished_crawl(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {"index.html": html("Home", '<a href="/a.html">a</a>'), "a.html": html("A", "")},
    )
    out = tmp_path / "out"
    with serve_site(root) as base:
        result = _scrapy(
            "crawl",
            "site",
            "-a",
            f"url={base}/",
            "-s",
            f"SITEAUDIT_OUTPUT={out}",
            "-s",
            "LOG_LEVEL=WARNING",
        )
    assert result.returncode == 0, result.stderr
    with Store.in_folder(out, create=False) as store:
        run = store.crawl()
        assert run.status == "finished"
        assert {p.url for p in store.pages(run.id)} == {base + "/", base + "/a.html"}
