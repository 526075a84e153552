"""The bundled demo site, served by the shipped folder server through real HTTP on loopback:
its planted redirects, statuses and headers come from its own _redirects and _headers, and
planted.json (written by tools/demo_site/build.py) agrees with what is really served."""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message

import pytest

from siteaudit.app.demo import DEMO_SITE_ROOT
from siteaudit.app.folder_server import serve_folder
from tests.helpers import REPO

PLANTED = json.loads((REPO / "tools/demo_site/planted.json").read_text(encoding="utf-8"))


def problems(kind: str) -> list[dict]:
    return [p for p in PLANTED["problems"] if p["kind"] == kind]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET") -> tuple[int, Message, bytes]:
    """Status, headers and body of one request; redirects are not followed."""
    request = urllib.request.Request(url, method=method)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def raw_get(base: str, target: str) -> int:
    """Send a request line exactly as given (urllib would normalise dot segments away)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture(scope="module")
def demo() -> Iterator[str]:
    with serve_folder(DEMO_SITE_ROOT) as base:
        yield base


def test_serve_site_yields_a_loopback_base_url_without_trailing_slash(demo: str) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", demo)


def test_article_is_served_200_as_utf8_html(demo: str) -> None:
    status, headers, body = fetch(demo + "/faq/sea/lcl-or-fcl-which-to-choose.html")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    assert "<title>LCL or FCL: Which Should I Choose?</title>" in body.decode("utf-8")


def test_folder_urls_serve_index_and_add_the_missing_slash(demo: str) -> None:
    status, _, body = fetch(demo + "/faq/sea/")
    assert status == 200 and b"Sea Freight Questions" in body
    status, headers, _ = fetch(demo + "/faq/sea")
    assert status == 301 and headers["Location"] == demo + "/faq/sea/"


def test_robots_sitemaps_and_canonicals_are_root_relative_and_lead_to_the_pages(
    demo: str,
) -> None:
    _, _, robots = fetch(demo + "/robots.txt")
    assert b"Sitemap: /sitemap_index.xml" in robots
    _, headers, index = fetch(demo + "/sitemap_index.xml")
    assert headers["Content-Type"] == "application/xml"
    sitemaps = re.findall(r"<loc>([^<]+)</loc>", index.decode())
    assert len(sitemaps) == 2 and all(s.startswith("/") for s in sitemaps)
    listed = []
    for sitemap in sitemaps:
        status, _, body = fetch(demo + sitemap)
        assert status == 200
        listed += re.findall(r"<loc>([^<]+)</loc>", body.decode())
    in_sitemap = {p["path"] for p in PLANTED["pages"] if p["in_sitemap"]}
    assert in_sitemap <= set(listed)
    _, _, page = fetch(demo + "/faq/sea/lcl-or-fcl-which-to-choose.html")
    assert '<link rel="canonical" href="/faq/sea/lcl-or-fcl-which-to-choose.html">' in page.decode()
    assert not any(b"__BASE_URL__" in f.read_bytes() for f in DEMO_SITE_ROOT.rglob("*.*"))


def test_redirect_answers_its_status_with_an_absolute_location(demo: str) -> None:
    planted = problems("redirected-link")[0]
    status, headers, _ = fetch(demo + planted["target"])
    assert status == 301
    assert headers["Location"] == demo + planted["final"]


def test_gbk_page_is_served_with_gbk_charset_and_decodes_to_its_title(demo: str) -> None:
    (planted,) = problems("legacy-encoding")
    status, headers, body = fetch(demo + planted["page"])
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=gbk"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert f"<title>{planted['title']}</title>" in body.decode("gbk")


def test_missing_path_is_404_with_a_small_html_page(demo: str) -> None:
    status, headers, body = fetch(demo + "/faq/sea/no-such-article.html")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"404 Not Found" in body


def test_calendar_trap_answers_month_after_month_beyond_a_crawls_limit(demo: str) -> None:
    (trap,) = problems("query-trap")
    month = "2026-01"
    for _ in range(60):  # more months than a crawl follows (max_query_variants is 50)
        status, _, body = fetch(f"{demo}{trap['url']}?month={month}")
        assert status == 200 and f"<h1>Events in {month}</h1>".encode() in body
        month = re.findall(r'href="[^"]+\?month=([\d-]+)">Next month', body.decode())[0]
    assert month == "2031-01"
    assert fetch(f"{demo}{trap['url']}?month=../../robots")[0] == 404


def test_head_returns_the_headers_of_get_without_a_body(demo: str) -> None:
    path = "/faq/customs/hs-codes-explained.html"
    _, get_headers, get_body = fetch(demo + path)
    status, headers, body = fetch(demo + path, method="HEAD")
    assert status == 200 and body == b""
    assert headers["Content-Length"] == str(len(get_body))
    assert headers["Content-Type"] == get_headers["Content-Type"]


def test_the_sites_rule_files_are_never_served(demo: str) -> None:
    for name in ("_redirects", "_headers"):
        assert (DEMO_SITE_ROOT / name).is_file()
        assert fetch(demo + "/" + name)[0] == 404


@pytest.mark.parametrize(
    "target",
    [
        "/../../app/demo.py",
        "/faq/../../../app/demo.py",
        "/%2e%2e/%2e%2e/app/demo.py",
        "/faq/..%2f..%2f..%2fapp%2fdemo.py",
    ],
)
def test_path_traversal_is_refused(demo: str, target: str) -> None:
    assert (DEMO_SITE_ROOT.parent.parent / "app" / "demo.py").is_file()
    assert raw_get(demo, target) == 404


def test_extra_headers_from_server_config_are_sent(demo: str) -> None:
    (planted,) = [p for p in problems("noindex") if p["via"] == "header"]
    status, headers, _ = fetch(demo + planted["page"])
    assert status == 200 and headers["X-Robots-Tag"] == "noindex"


# --- planted.json agrees with what the site really serves ----------------------------------


def test_every_listed_page_exists_on_disk_and_is_served(demo: str) -> None:
    assert 80 <= sum(p["kind"] == "article" for p in PLANTED["pages"]) <= 110
    for page in PLANTED["pages"]:
        file = DEMO_SITE_ROOT / page["path"].lstrip("/")
        assert (file / "index.html" if page["path"].endswith("/") else file).is_file(), page
        assert fetch(demo + page["path"], method="HEAD")[0] == 200, page


def test_every_page_named_in_a_planted_problem_exists_on_disk() -> None:
    named = set()
    for problem in PLANTED["problems"]:
        named |= {problem[key] for key in ("page",) if key in problem}
        named |= set(problem.get("pages", []))
    listed = {p["path"] for p in PLANTED["pages"]}
    assert named and named <= listed


def test_broken_link_targets_answer_their_planted_status(demo: str) -> None:
    broken = problems("broken-link")
    assert {p["status"] for p in broken} == {404, 410, 500}
    assert sum(p["region"] == "related" and p["status"] == 404 for p in broken) >= 4
    for problem in broken:
        assert fetch(demo + problem["target"])[0] == problem["status"], problem
        _, _, page = fetch(demo + problem["page"])
        assert f'href="{problem["target"]}"'.encode() in page


def test_redirect_problems_follow_their_planted_hops(demo: str) -> None:
    for problem in problems("redirected-link"):
        status, headers, _ = fetch(demo + problem["target"])
        assert status in {301, 302, 307, 308}
        assert headers["Location"] == demo + problem["final"]
        assert fetch(demo + problem["final"])[0] == 200
    (chain,) = problems("redirect-chain")
    assert len(chain["hops"]) == 4 and chain["hops"][0] == chain["url"]
    for here, there in zip(chain["hops"], chain["hops"][1:], strict=False):
        status, headers, _ = fetch(demo + here)
        assert status in {301, 302, 307, 308} and headers["Location"] == demo + there
    assert fetch(demo + chain["hops"][-1])[0] == 200
    (loop,) = problems("redirect-loop")
    first, second = loop["cycle"]
    assert fetch(demo + first)[1]["Location"] == demo + second
    assert fetch(demo + second)[1]["Location"] == demo + first


def test_orphan_is_in_the_sitemap_but_linked_from_nowhere() -> None:
    (orphan,) = problems("orphan-page")
    pages = {p["path"]: p for p in PLANTED["pages"]}
    assert pages[orphan["page"]]["in_sitemap"] and not pages[orphan["page"]]["linked"]
    unlinked = [p["path"] for p in PLANTED["pages"] if p["kind"] == "article" and not p["linked"]]
    assert unlinked == [orphan["page"]]


def test_robots_blocked_targets_exist_but_are_disallowed(demo: str) -> None:
    _, _, robots = fetch(demo + "/robots.txt")
    disallowed = re.findall(r"^Disallow: (\S+)", robots.decode(), re.M)
    blocked = problems("robots-blocked")
    assert blocked
    for problem in blocked:
        assert any(problem["target"].startswith(prefix) for prefix in disallowed)
        assert fetch(demo + problem["target"])[0] == 200


def test_term_variants_are_rarer_than_their_preferred_spelling() -> None:
    for preferred, info in PLANTED["terms"].items():
        counts = info["occurrences"]
        assert counts[preferred] > sum(counts[v] for v in info["variants"])
        assert all(counts[v] >= 3 for v in info["variants"])
    pages = {p["page"] for p in problems("term-variant")}
    assert 10 <= len(pages) <= 20
