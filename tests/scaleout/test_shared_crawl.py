"""A crawl shared by 3 worker processes (Redis frontier, PostgreSQL store) finds exactly
what one process finds, fetches each URL once and stops by itself."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import redis
from siteaudit.analysis import run_checks
from siteaudit.crawler.frontier.coordinator import run_distributed_crawl

from siteaudit.app.demo import DEMO_SITE_ROOT
from siteaudit.app.folder_server import FolderServer, make_handler
from siteaudit.core.config import CrawlConfig
from siteaudit.core.urls import without_query
from siteaudit.store import Store
from tests.helpers import run_siteaudit


@contextmanager
def counting_demo_site() -> Iterator[tuple[str, Counter[str]]]:
    """The demo site on a loopback port, counting requests (GET and HEAD) per path."""
    hits: Counter[str] = Counter()
    lock = threading.Lock()

    # The crawl checks images with a HEAD (no body needed): a request too, of a stored URL.
    class CountingHandler(make_handler(DEMO_SITE_ROOT)):  # type: ignore[misc]
        def count(self) -> None:
            with lock:
                hits[_request_key(self.path)] += 1

        def do_GET(self) -> None:
            self.count()
            super().do_GET()

        def do_HEAD(self) -> None:
            self.count()
            super().do_HEAD()

    # FolderServer's backlog takes the 48 connections 3 workers open at once (with the
    # default of 5 the kernel refuses some, and a worker whose robots.txt failed obeys none).
    server = FolderServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def _request_key(url: str) -> str:
    """A request's path and query as the counting site keys them."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _pages(store: Store, crawl_id: int) -> dict[str, tuple[object, ...]]:
    return {
        p.url: (p.status, p.location, p.title, p.error)
        for p in store.pages(crawl_id, with_blocks=False)
    }


def _outside(pages: dict[str, tuple[object, ...]], traps: set[str]) -> dict[str, object]:
    return {url: v for url, v in pages.items() if without_query(url) not in traps}


def _links(store: Store, crawl_id: int) -> list[tuple[object, ...]]:
    return [(ln.source, ln.position, ln.target, ln.region, ln.text) for ln in store.links(crawl_id)]


def test_three_workers_crawl_exactly_what_one_process_crawls(
    tmp_path: Path, redis_url: str, postgres_url: str
) -> None:
    with counting_demo_site() as (base, hits):
        single = run_siteaudit("crawl", f"{base}/", "-o", str(tmp_path / "single"), "-q")
        assert single.returncode in (0, 1), single.stderr
        hits.clear()
        config = CrawlConfig(start_urls=(f"{base}/",)).validate()
        outcome = run_distributed_crawl(
            config,
            tmp_path / "shared",
            frontier_url=redis_url,
            store_url=postgres_url,
            workers=3,
        )
    assert outcome.status == "finished"
    assert outcome.stats["worker_exit_codes"] == [0, 0, 0]
    with Store.in_folder(tmp_path / "single", create=False) as lite, Store(postgres_url) as pg:
        one = lite.crawl().id
        expected, got = _pages(lite, one), _pages(pg, outcome.crawl_id)
        assert len(expected) > 100 and len(got) == len(expected)
        # Which variant of an endless calendar is the 51st depends on the order of equal-
        # depth requests, which parallel workers do not keep: the same number is fetched,
        # and the same paths are reported as traps; every other page is identical.
        traps = {e.url for e in lite.events(one) if e.kind == "query-trap"}
        assert (
            traps
            and {e.url for e in pg.events(outcome.crawl_id) if e.kind == "query-trap"} == traps
        )
        assert _outside(got, traps) == _outside(expected, traps)
        links_got = [ln for ln in _links(pg, outcome.crawl_id) if without_query(ln[0]) not in traps]
        links_expected = [ln for ln in _links(lite, one) if without_query(ln[0]) not in traps]
        assert links_got == links_expected
        assert pg.sitemap_entries(outcome.crawl_id) == lite.sitemap_entries(one)
    # robots.txt is also read by each worker's robots middleware: every other URL once.
    twice = {path: n for path, n in hits.items() if n > 1 and not path.startswith("/robots.txt")}
    assert twice == {}
    # Every stored URL (page, redirect, error, checked asset) was requested by some worker,
    # except those robots.txt disallows, which none requested.
    blocked = {
        _request_key(url) for url, page in got.items() if str(page[3]).startswith("robots.txt")
    }
    assert blocked and blocked.isdisjoint(hits)
    assert {_request_key(url) for url in got} - blocked - set(hits) == set()
    # The coordinator cleaned the crawl's Redis keys once every worker was done.
    assert list(redis.Redis.from_url(redis_url).scan_iter("siteaudit:*")) == []


def test_analysis_and_report_read_a_postgresql_store(
    tmp_path: Path, redis_url: str, postgres_url: str
) -> None:
    with counting_demo_site() as (base, _hits):
        config = CrawlConfig(start_urls=(f"{base}/",)).validate()
        outcome = run_distributed_crawl(
            config, tmp_path / "out", frontier_url=redis_url, store_url=postgres_url, workers=2
        )
    with Store(postgres_url) as store:
        findings = run_checks(store, outcome.crawl_id)
        store.replace_findings(outcome.crawl_id, findings)
        checks = {f.check for f in store.findings(outcome.crawl_id)}
    assert {"broken-link", "title-h1-mismatch"} <= checks
