"""Link-checking helpers of the crawler: references, CSS url(), bot walls, Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from scrapy.http import Headers
from siteaudit.crawler.backoff import BackoffRetryMiddleware, retry_after_seconds
from siteaudit.crawler.extraction import extract_page
from siteaudit.crawler.link_checks import css_references, is_bot_challenge

PAGE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/s.css"><link rel="preconnect" href="https://cdn.example">
<link rel="icon" href="/favicon.ico">
</head><body>
<h2 id="intro">Intro</h2><a name="old"></a>
<p>See <a href="/guide.html#setup">setup</a> and <a href="#intro">up</a>
and <a href="/q?a=1&amp;b=2">q</a>.</p>
<img src="/a.png" srcset="/a-2x.png 2x, data:xyz 3x" alt="A">
<video poster="/poster.jpg"></video>
</body></html>"""


def _links(**kw: object) -> dict[str, object]:
    data = extract_page(PAGE, "http://ex.com/p.html", references=True)
    return {(ln.target, ln.kind, ln.fragment): ln for ln in data.links}  # type: ignore[misc]


def test_references_mode_records_head_assets_srcset_and_poster() -> None:
    kinds = {(t, k) for t, k, _ in _links()}
    assert ("http://ex.com/s.css", "link") in kinds
    assert ("http://ex.com/favicon.ico", "link") in kinds
    assert ("http://ex.com/a-2x.png", "srcset") in kinds
    assert ("http://ex.com/poster.jpg", "media") in kinds
    assert not any("cdn.example" in t for t, _ in kinds)  # hints are not references


def test_plain_mode_keeps_its_old_link_list() -> None:
    data = extract_page(PAGE, "http://ex.com/p.html")
    assert {ln.kind for ln in data.links} == {"a", "img"}
    assert data.anchors == []


def test_fragments_same_page_links_and_anchor_ids() -> None:
    links = _links()
    assert ("http://ex.com/guide.html", "a", "setup") in links
    assert ("http://ex.com/p.html", "a", "intro") in links
    data = extract_page(PAGE, "http://ex.com/p.html", references=True)
    assert data.anchors == ["intro", "old"]


def test_each_link_is_located_at_its_href_in_the_source() -> None:
    lines = PAGE.split("\n")
    for link in _links().values():
        assert link.line and link.column, link  # type: ignore[attr-defined]
        text = lines[link.line - 1][link.column - 1 :]  # type: ignore[attr-defined]
        assert text[:1] in "/#", (link, text)
    query = next(ln for (t, _, _), ln in _links().items() if "?a=1" in t)
    assert lines[query.line - 1][query.column - 1 :].startswith("/q?a=1&amp;b=2")  # type: ignore[attr-defined]


def test_css_url_and_import_are_references_with_positions() -> None:
    css = "@import 'base.css';\nbody { background: url( \"img/bg.png\" ) }\n.i{src:url(data:x)}"
    links = css_references(css, "http://ex.com/css/site.css", "keep")
    assert [(ln.target, ln.line) for ln in links] == [
        ("http://ex.com/css/base.css", 1),
        ("http://ex.com/css/img/bg.png", 2),
    ]


def test_bot_walls_are_recognised_by_status_and_header() -> None:
    assert is_bot_challenge(999, Headers())
    assert is_bot_challenge(403, Headers({"cf-mitigated": "challenge"}))
    assert not is_bot_challenge(403, Headers())
    assert not is_bot_challenge(404, Headers({"cf-mitigated": "challenge"}))


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert retry_after_seconds(b"3") == 3.0
    later = format_datetime(now + timedelta(seconds=90), usegmt=True).encode()
    assert retry_after_seconds(later, now) == 90.0
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


def test_backoff_doubles_with_jitter() -> None:
    mw = BackoffRetryMiddleware(retries=3, base=1.0, retry_after_max=10)
    for attempt, nominal in ((1, 1.0), (2, 2.0), (3, 4.0)):
        delays = {mw.backoff(attempt) for _ in range(20)}
        assert all(0.5 * nominal <= d <= 1.5 * nominal for d in delays)
        assert len(delays) > 1  # jittered, so parallel clients do not retry in lockstep
