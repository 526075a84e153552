"""A service whose machine has no Chromium crawls raw and says so on the crawl and in its log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siteaudit.store import Store
from tests.helpers import html, write_site
from tests.service.conftest import AUTH, start_service
from tests.site_server import serve_site


def test_a_crawl_that_wanted_rendering_without_a_browser_says_it_went_raw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv("SITEAUDIT_CHROMIUM", str(missing))  # the service and its Scrapyd
    notice = (
        f"pages were crawled raw, not rendered: no Chromium at {missing} "
        "(apt-get install chromium, or set SITEAUDIT_CHROMIUM)"
    )
    files = {
        "index.html": html("Home", "<a href='/more.html'>more</a><script src='/nav.js'></script>"),
        "more.html": html("More", "<p>More.</p>"),
        "nav.js": "document.body.append('built by a script');",
    }
    service = start_service(tmp_path / "data", "--allow-private")
    try:
        with serve_site(write_site(tmp_path / "site", files)) as base:
            started = service.client.post("/api/crawls", json={"url": base + "/"}, headers=AUTH)
            assert started.status_code == 202, started.text
            crawl = service.wait_for(started.json()["id"], ("finished", "failed"), timeout=120)
    finally:
        service.stop()
    assert crawl["state"] == "finished", crawl
    assert crawl["summary"]["render_notice"] == notice
    assert crawl["summary"]["pages"] == 3  # the crawl went on, raw: two pages and nav.js
    assert sum(notice in line for line in service.log.read_text().splitlines()) == 1
    output = next((tmp_path / "data").rglob("siteaudit.db")).parent
    with Store.in_folder(output, create=False) as store:
        assert store.crawl().stats["render_notice"] == notice
    report = json.loads(next(output.rglob("findings.json")).read_text())
    assert report["crawl"]["stats"]["render_notice"] == notice
