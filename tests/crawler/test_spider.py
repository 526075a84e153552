"""The spider against a real loopback server, through Scrapy's real downloader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from siteaudit.store import Store
from tests.helpers import free_port, html, run_siteaudit, stored_pages, write_site
from tests.site_server import serve_site

GBK_TITLE = "海运常见问题"


@pytest.fixture(scope="module")
def kitchen_sink(tmp_path_factory: pytest.TempPathFactory):
    """One crawl of a site with every kind of response; yields (base URL, output, result)."""
    root = tmp_path_factory.mktemp("site")
    dead = free_port()
    links = "".join(
        f'<a href="{href}">{href}</a> '
        for href in [
            "/a.html",
            "/missing.html",
            "/old",
            "/loop1",
            "/doc.pdf",
            "/private/secret.html",
            "/big.html",
            "/gbk.html",
            "/cal?month=2026-01",
            f"http://127.0.0.1:{dead}/x",
            "/err.html",
            "http://example.invalid/elsewhere",
            "mailto:team@example.invalid",
            "/a.html#section",
            "/a.html?utm_source=newsletter",
        ]
    )
    gbk = (
        f'<html><head><meta charset="gbk"><title>{GBK_TITLE}</title></head>'
        f"<body><h1>{GBK_TITLE}</h1><p>集装箱</p></body></html>"
    ).encode("gbk")
    write_site(
        root,
        {
            "index.html": html("Home", links),
            "a.html": html("Page A", '<a href="/">home</a>'),
            "private/secret.html": html("Secret", ""),
            "big.html": html("Big", "<p>" + "x" * 120_000 + "</p>"),
            "gbk.html": gbk,
            "err.html": html("Error", ""),
            "doc.pdf": b"%PDF-1.4 not really",
            "orphan.html": html("Orphan", ""),
            "robots.txt": "User-agent: *\nDisallow: /private/\n"
            "Sitemap: __BASE_URL__/sitemap_index.xml\n",
            "sitemap_index.xml": '<?xml version="1.0"?><sitemapindex '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
            "<loc>__BASE_URL__/sitemap1.xml</loc></sitemap></sitemapindex>",
            "sitemap1.xml": '<?xml version="1.0"?><urlset '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<url><loc>__BASE_URL__/a.html</loc></url>"
            "<url><loc>__BASE_URL__/orphan.html</loc></url></urlset>",
        },
        server={
            "redirects": [
                {"from": "/old", "to": "/mid", "status": 301},
                {"from": "/mid", "to": "/a.html", "status": 302},
                {"from": "/loop1", "to": "/loop2", "status": 301},
                {"from": "/loop2", "to": "/loop1", "status": 301},
            ],
            "headers": [
                {"path": "/gbk.html", "headers": {"Content-Type": "text/html; charset=gbk"}}
            ],
            "status": [{"path": "/err.html", "status": 500}],
            "calendar_traps": ["/cal"],
        },
    )
    output = tmp_path_factory.mktemp("out")
    with serve_site(root) as base:
        result = run_siteaudit(
            "crawl",
            base + "/",
            "-o",
            str(output),
            "-q",
            "--max-size",
            "0.05",
            "--allow-host",
            f"127.0.0.1:{dead}",
            "--max-query-variants",
            "10",
            "--timeout",
            "5",
        )
    return base, output, result


def test_crawl_succeeds_and_writes_report_and_json(kitchen_sink) -> None:
    _, output, result = kitchen_sink
    assert result.returncode == 0, result.stderr
    assert (output / "report" / "index.html").is_file()
    assert json.loads((output / "findings.json").read_text())["findings"]


def test_every_response_is_recorded_with_the_page_that_linked_to_it(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    pages = stored_pages(output)
    assert pages[base + "/"].status == 200
    missing = pages[base + "/missing.html"]
    assert missing.status == 404 and missing.found_on == base + "/"
    assert pages[base + "/err.html"].status == 500
    assert pages[base + "/a.html"].found_on == base + "/"


def test_fragments_and_tracking_parameters_do_not_create_new_urls(kitchen_sink) -> None:
    _, output, _ = kitchen_sink
    pages = stored_pages(output)
    assert not [u for u in pages if "#" in u or "utm_" in u]


def test_each_redirect_hop_is_stored_with_its_location(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    pages = stored_pages(output)
    assert (pages[base + "/old"].status, pages[base + "/old"].location) == (301, base + "/mid")
    assert (pages[base + "/mid"].status, pages[base + "/mid"].location) == (302, base + "/a.html")
    assert pages[base + "/mid"].found_via == "redirect"
    assert pages[base + "/loop2"].location == base + "/loop1"


def test_redirect_loop_and_chain_become_findings(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    findings = json.loads((output / "findings.json").read_text())["findings"]
    # The loop is linked: reported once, as the broken link into it.
    assert [f for f in findings if f["check"] == "redirect-loop"] == []
    into = [f for f in findings if f["evidence"].get("target") == base + "/loop1"]
    assert [(f["check"], f["message"].endswith("redirect loop")) for f in into] == [
        ("broken-link", True)
    ]
    chains = [f for f in findings if f["check"] == "redirect-chain"]
    assert chains[0]["evidence"]["hops"] == [base + "/old", base + "/mid", base + "/a.html"]


def test_calendar_trap_costs_a_bounded_number_of_requests(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    calendar = [u for u in stored_pages(output) if u.startswith(base + "/cal")]
    assert 5 <= len(calendar) <= 12
    findings = json.loads((output / "findings.json").read_text())["findings"]
    assert [f["url"] for f in findings if f["check"] == "query-trap"] == [base + "/cal"]


def test_robots_txt_is_obeyed_and_recorded(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    secret = stored_pages(output)[base + "/private/secret.html"]
    assert (secret.status, secret.error) == (0, "robots.txt")


def test_network_errors_and_size_cap_are_recorded_not_fatal(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    pages = stored_pages(output)
    dead = next(p for u, p in pages.items() if u.endswith("/x"))
    assert (dead.status, dead.error) == (0, "connection refused")
    assert pages[base + "/big.html"].error == "size cap exceeded"


def test_non_html_is_recorded_without_parsing(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    pdf = stored_pages(output)[base + "/doc.pdf"]
    assert pdf.status == 200 and not pdf.is_html and pdf.title is None


def test_legacy_encoding_is_decoded(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    page = stored_pages(output)[base + "/gbk.html"]
    assert page.title == GBK_TITLE and page.encoding in ("gbk", "gb18030")


def test_external_links_are_checked_but_not_crawled(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    pages = stored_pages(output)
    external = pages["http://example.invalid/elsewhere"]
    # Checked once (the test resolver fails the name, as DNS would): never parsed for links.
    assert external.resource_type == "external" and external.status == 0
    assert external.error == "dns" and external.links == []
    targets = {link.target for link in pages[base + "/"].links}
    assert "http://example.invalid/elsewhere" in targets


def test_sitemap_index_from_robots_finds_the_orphan(kitchen_sink) -> None:
    base, output, _ = kitchen_sink
    orphan = stored_pages(output)[base + "/orphan.html"]
    assert orphan.found_via == "sitemap"
    assert stored_pages(output)[base + "/a.html"].found_via == "link"
    findings = json.loads((output / "findings.json").read_text())["findings"]
    assert [f["url"] for f in findings if f["check"] == "orphan-page"] == [base + "/orphan.html"]


def _chain_site(root: Path, n: int = 6) -> Path:
    files = {f"p{i}.html": html(f"P{i}", f'<a href="/p{i + 1}.html">next</a>') for i in range(n)}
    files["index.html"] = html("Home", '<a href="/p0.html">p0</a><a href="/x/skip.html">s</a>')
    files["x/skip.html"] = html("Skip", "")
    files["robots.txt"] = "User-agent: *\nDisallow: /x/\n"
    return write_site(root, files)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--max-depth", "2"], {"/", "/p0.html", "/p1.html", "/x/skip.html"}),
        (["--max-pages", "3"], 3),
        (["--exclude", r"p[2-9]\.html"], {"/", "/p0.html", "/p1.html", "/x/skip.html"}),
        (["--include", r"/$|p0"], {"/", "/p0.html"}),
    ],
)
def test_crawl_limits_and_patterns(tmp_path: Path, flags: list[str], expected) -> None:
    root = _chain_site(tmp_path / "site")
    with serve_site(root) as base:
        result = run_siteaudit("crawl", base + "/", "-o", str(tmp_path / "out"), "-q", *flags)
    assert result.returncode == 0, result.stderr
    urls = {u.removeprefix(base) for u in stored_pages(tmp_path / "out")}
    if isinstance(expected, int):
        assert len(urls) == expected
    else:
        assert urls == expected


def test_ignore_robots_fetches_disallowed_pages(tmp_path: Path) -> None:
    root = _chain_site(tmp_path / "site", n=1)
    with serve_site(root) as base:
        result = run_siteaudit(
            "crawl", base + "/", "-o", str(tmp_path / "out"), "-q", "--ignore-robots"
        )
    assert result.returncode == 0, result.stderr
    assert stored_pages(tmp_path / "out")[base + "/x/skip.html"].status == 200


def test_crawls_of_the_same_folder_are_kept(tmp_path: Path) -> None:
    root = _chain_site(tmp_path / "site", n=1)
    with serve_site(root) as base:
        for _ in range(2):
            assert run_siteaudit("crawl", base + "/", "-o", str(tmp_path), "-q").returncode == 0
    with Store.in_folder(tmp_path, create=False) as store:
        runs = store.crawls()
        assert [r.status for r in runs] == ["finished", "finished"]
        assert store.count_pages(runs[0].id) == store.count_pages(runs[1].id) > 0
