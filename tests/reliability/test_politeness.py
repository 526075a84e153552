"""robots.txt Crawl-delay is honoured and the crawler says who it is."""

from __future__ import annotations

from pathlib import Path

from siteaudit.store import Store
from tests.helpers import run_siteaudit
from tests.reliability.hostile_server import serve_hostile


def test_crawl_delay_from_robots_txt_spaces_requests_and_is_recorded(tmp_path: Path) -> None:
    with serve_hostile("crawl-delay") as site:
        result = run_siteaudit("crawl", site.base + "/", "-o", str(tmp_path), "-q")
    assert result.returncode == 0, result.stderr
    home, plain = site.times["/"][0], site.times["/plain"][0]
    assert plain - home >= 0.95, "Crawl-delay: 1 was not honoured"
    with Store.in_folder(tmp_path, create=False) as store:
        events = store.events(store.crawl().id)
    delays = [e for e in events if e.kind == "crawl-delay"]
    assert [e.url for e in delays] == [site.base + "/robots.txt"]
    assert "1 s" in delays[0].detail
    assert all(agent.startswith("siteaudit/") for agent in site.agents)


def test_back_off_on_the_last_page_of_a_crawl_is_still_stored(tmp_path: Path) -> None:
    # The busy page has no links, so nothing after it would carry the middleware's event out.
    with serve_hostile() as site:
        result = run_siteaudit("crawl", site.base + "/busy503", "-o", str(tmp_path), "-q")
    assert result.returncode == 0, result.stderr
    with Store.in_folder(tmp_path, create=False) as store:
        events = store.events(store.crawl().id)
    backoffs = [e for e in events if e.kind == "host-backoff"]
    assert [e.url for e in backoffs] == [site.base + "/busy503"]
    assert "503" in backoffs[0].detail
