"""A crawl of a broken and hostile site finishes, and each fault ends as a record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from siteaudit.core.records import CrawlEvent, Link, Page
from siteaudit.store import Store
from tests.helpers import run_siteaudit
from tests.reliability.hostile_server import (
    CALENDAR_VARIANTS,
    CHAIN_HOPS,
    GBK_TITLE,
    LATIN1_TITLE,
    SIZE_CAP_MB,
    SJIS_TITLE,
    TIMEOUT_S,
    UTF16_TITLE,
    HostileSite,
    serve_hostile,
)


@dataclass
class HostileCrawl:
    site: HostileSite
    robots_faults: dict[str, HostileSite]
    pages: dict[str, Page]
    links: list[Link]
    events: list[CrawlEvent]
    returncode: int
    stderr: str

    def page(self, path: str) -> Page:
        return self.pages[self.site.base + path]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileCrawl]:
    out = tmp_path_factory.mktemp("hostile")
    with ExitStack() as stack:
        site = stack.enter_context(serve_hostile())
        robots = {m: stack.enter_context(serve_hostile(m)) for m in ("5xx", "huge", "garbage")}
        starts = [s.base + "/" for s in (site, *robots.values())]
        result = run_siteaudit(
            "crawl",
            *starts,
            "-o",
            str(out),
            "-q",
            "--max-size",
            str(SIZE_CAP_MB),
            "--timeout",
            str(TIMEOUT_S),
            "--max-query-variants",
            str(CALENDAR_VARIANTS),
        )
        with Store.in_folder(out, create=False) as store:
            run = store.crawl()
            pages = {p.url: p for p in store.pages(run.id, with_blocks=False)}
            links = list(store.links(run.id))
            events = store.events(run.id)
        yield HostileCrawl(site, robots, pages, links, events, result.returncode, result.stderr)


def test_the_crawl_finishes_without_a_traceback(crawl: HostileCrawl) -> None:
    assert crawl.returncode == 0, crawl.stderr
    assert "Traceback" not in crawl.stderr


@pytest.mark.parametrize("path", ["/truncated", "/malformed"])
def test_broken_markup_is_parsed_for_title_and_links(crawl: HostileCrawl, path: str) -> None:
    page = crawl.page(path)
    assert page.status == 200 and page.title == path.strip("/").capitalize()
    targets = {ln.target for ln in crawl.links if ln.source == page.url}
    assert targets, "links before the breakage are still found"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/gbk", GBK_TITLE),
        ("/sjis", SJIS_TITLE),
        ("/utf16", UTF16_TITLE),
        ("/latin1-undeclared", LATIN1_TITLE),
    ],
)
def test_legacy_and_undeclared_charsets_are_decoded(
    crawl: HostileCrawl, path: str, title: str
) -> None:
    assert crawl.page(path).title == title


def _event(crawl: HostileCrawl, kind: str, url: str) -> CrawlEvent:
    matches = [e for e in crawl.events if e.kind == kind and e.url == url]
    assert matches, f"no {kind} event for {url}: {crawl.events}"
    return matches[0]


def test_a_wrong_charset_declaration_is_recorded(crawl: HostileCrawl) -> None:
    event = _event(crawl, "content-error", crawl.site.base + "/wrong-charset")
    assert "charset" in event.detail


def test_binary_served_as_html_is_not_parsed(crawl: HostileCrawl) -> None:
    page = crawl.page("/binary")
    assert page.status == 200 and not page.is_html and page.title is None
    assert "binary" in _event(crawl, "content-error", page.url).detail


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/huge", "size cap exceeded"),
        ("/bomb.html", "size cap exceeded"),
        ("/drip", "timeout"),
        ("/reset", "connection lost"),
    ],
)
def test_transfer_faults_end_as_errors_on_the_page(
    crawl: HostileCrawl, path: str, error: str
) -> None:
    page = crawl.page(path)
    assert (page.status, page.error) == (0, error)


@pytest.mark.parametrize("path", ["/busy429", "/busy503"])
def test_busy_answers_are_retried_after_retry_after(crawl: HostileCrawl, path: str) -> None:
    assert crawl.page(path).status == 200
    first, second = crawl.site.times[path][:2]
    assert second - first >= 0.9, "Retry-After: 1 was not honoured"
    # One event per back-off episode: the host is slowed down, not just the one URL.
    busy = [e for e in crawl.events if e.kind == "host-backoff"]
    assert any(e.url.startswith(crawl.site.base + "/busy") for e in busy)


def test_redirect_loops_and_long_chains_are_recorded_hop_by_hop(crawl: HostileCrawl) -> None:
    base = crawl.site.base
    assert crawl.page("/loop-a").location == base + "/loop-b"
    assert crawl.page("/loop-b").location == base + "/loop-a"
    assert crawl.site.hits["/loop-a"] == 1 and crawl.site.hits["/loop-b"] == 1
    hops = [crawl.page(f"/hop/{n}") for n in range(CHAIN_HOPS)]
    assert all(p.status == 301 for p in hops)
    assert crawl.page(f"/hop/{CHAIN_HOPS}").status == 200


def test_meta_refresh_and_base_href_are_followed(crawl: HostileCrawl) -> None:
    refresh = crawl.page("/refresh")
    assert (refresh.location, refresh.redirect_kind) == (
        crawl.site.base + "/refreshed",
        "meta-refresh",
    )
    assert crawl.page("/refreshed").status == 200
    assert crawl.page("/elsewhere/target").status == 200
    assert crawl.site.base + "/based/target" not in crawl.pages


def test_odd_url_spellings_are_normalised_and_scripts_never_fetched(crawl: HostileCrawl) -> None:
    base = crawl.site.base
    for path in ("/sub/relative", "/protocol-relative", "/caf%C3%A9", "/with%20space", "/padded"):
        assert crawl.page(path).status == 200, path
    assert crawl.site.hits["/caf%C3%A9"] == 1, "encoded and raw spellings are one URL"
    home_targets = {ln.target for ln in crawl.links if ln.source == base + "/"}
    assert "http://xn--bcher-kva.example/idn" in home_targets
    # Another host's link is checked once (the test resolver fails its name), not crawled.
    other = crawl.pages["http://xn--bcher-kva.example/idn"]
    assert other.resource_type == "external" and other.error == "dns" and not other.links
    assert not [t for t in home_targets if t.lower().startswith(("javascript:", "data:"))]
    assert not [u for u in crawl.pages if "javascript" in u.lower() or u.startswith("data:")]


def test_session_ids_collapse_and_calendars_are_cut_off(crawl: HostileCrawl) -> None:
    assert [p for p in crawl.site.hits if p.startswith("/session")] == ["/session"]
    months = [u for u in crawl.pages if u.startswith(crawl.site.base + "/calendar?")]
    assert len(months) == CALENDAR_VARIANTS
    assert _event(crawl, "query-trap", crawl.site.base + "/calendar")


@pytest.mark.parametrize("mode", ["huge", "garbage"])
def test_a_broken_robots_txt_does_not_stop_the_crawl(crawl: HostileCrawl, mode: str) -> None:
    site = crawl.robots_faults[mode]
    assert crawl.pages[site.base + "/plain"].status == 200


def test_a_robots_txt_answering_5xx_keeps_the_host_out_as_rfc_9309_says(
    crawl: HostileCrawl,
) -> None:
    base = crawl.robots_faults["5xx"].base
    home = crawl.pages[base + "/"]
    assert (home.status, home.error) == (0, "robots.txt unreachable")
    assert base + "/plain" not in crawl.pages
    assert _event(crawl, "robots-unreachable", base + "/robots.txt").detail == "HTTP 503"


def test_a_robots_txt_over_the_size_cap_is_logged(crawl: HostileCrawl) -> None:
    base = crawl.robots_faults["huge"].base
    assert _event(crawl, "fetch-error", base + "/robots.txt").detail == "size cap exceeded"


def test_a_gzip_bomb_sitemap_is_refused_and_a_malformed_one_read(crawl: HostileCrawl) -> None:
    base = crawl.site.base
    assert _event(crawl, "sitemap-error", base + "/bomb-sitemap.xml.gz").detail == (
        "cannot decompress"
    )
    assert crawl.page("/x").found_via == "sitemap"


def test_the_report_of_the_hostile_crawl_is_written(tmp_path: Path, crawl: HostileCrawl) -> None:
    # Every page is stored once, whatever went wrong with it.
    assert len(crawl.pages) == len(set(crawl.pages))
    assert all(p.status == 0 or p.status >= 100 for p in crawl.pages.values())
