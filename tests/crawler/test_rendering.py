"""Rendering JavaScript-built sites in Chromium (a real process): --render never, auto, always.

The fixture help centre (tests/js_site.py) builds its contents tree and its knowledge-base
articles with scripts and sends non-rendering visitors away with a <noscript> meta refresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from siteaudit.store import Store
from tests.helpers import run_siteaudit
from tests.js_site import NOSCRIPT, write_js_site
from tests.site_server import serve_site


@pytest.fixture(scope="module")
def js_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    root = tmp_path_factory.mktemp("js-site")
    pages = write_js_site(root)
    with serve_site(root) as base:
        yield base, pages


def _stored(out: Path) -> tuple[dict[str, object], dict[str, dict[str, object]], list]:
    """The crawl's stats, its "render" events by URL, and its findings."""
    with Store.in_folder(out, create=False) as store:
        run = store.crawl()
        urls = {p.url: p for p in store.pages(run.id)}
        renders = {e.url: json.loads(e.detail) for e in store.events(run.id) if e.kind == "render"}
    findings = json.loads((out / "findings.json").read_text())["findings"]
    return {"urls": urls, **run.stats}, renders, findings


def _checks(findings: list, check: str) -> dict[str, dict]:
    return {f["url"]: f for f in findings if f["check"] == check}


def test_render_never_finds_the_static_pages_and_says_why_the_rest_is_unreachable(
    js_site: tuple[str, int], tmp_path: Path
) -> None:
    base, _ = js_site
    result = run_siteaudit("crawl", f"{base}/", "-o", str(tmp_path), "--render", "never")
    assert result.returncode == 0, result.stderr
    stats, renders, findings = _stored(tmp_path)
    urls = stats["urls"]
    pages = {u for u, p in urls.items() if p.resource_type == "page"}
    assert pages == {f"{base}/", f"{base}/about.html"}
    # The script the raw pages load is checked as an asset, not crawled.
    assert {p.resource_type for u, p in urls.items() if u not in pages} <= {"asset"}
    # The noscript refresh is a finding, not a redirect of the home page.
    assert urls[f"{base}/"].location is None and urls[f"{base}/"].status == 200
    noscript = _checks(findings, "noscript-refresh")
    assert noscript[f"{base}/"]["evidence"] == {"target": base + NOSCRIPT, "looked_at": "raw"}
    uncrawlable = _checks(findings, "uncrawlable-link")[f"{base}/"]["evidence"]
    assert uncrawlable["looked_at"] == "raw"
    assert {e[2] for e in uncrawlable["elements"]} == {
        "javascript: href",
        "onclick, no href",
        "<span> that navigates by onclick",
    }
    assert not renders and "render" not in stats
    assert "Rendering" not in result.stdout


def test_render_auto_renders_the_script_built_parts_and_finds_every_page(
    js_site: tuple[str, int], tmp_path: Path
) -> None:
    base, pages = js_site
    result = run_siteaudit("crawl", f"{base}/", "-o", str(tmp_path))  # auto is the default
    assert result.returncode == 0, result.stderr
    stats, renders, findings = _stored(tmp_path)
    html_pages = {u for u, p in stats["urls"].items() if p.is_html}
    assert len(html_pages) == pages, sorted(html_pages)
    assert stats["render"] == "auto" and stats["pages_rendered"] == pages - 1
    # about.html loads no script: never worth a browser.
    assert f"{base}/about.html" not in renders
    assert renders[f"{base}/kb/k1.html"]["used"] == "rendered"
    kb = _checks(findings, "rendered-only-content")[f"{base}/kb/k1.html"]["evidence"]
    assert kb["looked_at"] == "both" and kb["rendered"]["words"] - kb["raw"]["words"] >= 50
    # The crawl summary says what was rendered and why, part by part.
    assert "Rendering (auto):" in result.stdout
    assert "/kb/" in result.stdout and "rendered:" in result.stdout
    # A rendered page keeps the links only its DOM has; the knowledge base body is stored.
    kb_page = stats["urls"][f"{base}/kb/k1.html"]
    assert kb_page.word_count > 150
    assert not _checks(findings, "render-errors")


def test_render_always_renders_every_html_page(js_site: tuple[str, int], tmp_path: Path) -> None:
    base, pages = js_site
    result = run_siteaudit("crawl", f"{base}/", "-o", str(tmp_path), "--render", "always", "-q")
    assert result.returncode == 0, result.stderr
    stats, renders, _ = _stored(tmp_path)
    assert len({u for u, p in stats["urls"].items() if p.is_html}) == pages
    assert set(renders) == {u for u, p in stats["urls"].items() if p.is_html}
    assert renders[f"{base}/about.html"]["used"] == "rendered"
    assert all(r["settled"] for r in renders.values())


def test_without_a_browser_the_crawl_goes_on_raw_and_says_so_once(
    js_site: tuple[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _ = js_site
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv("SITEAUDIT_CHROMIUM", str(missing))
    notice = (
        f"pages were crawled raw, not rendered: no Chromium at {missing} "
        "(apt-get install chromium, or set SITEAUDIT_CHROMIUM)"
    )
    for mode, out in (("always", tmp_path / "a"), ("auto", tmp_path / "b")):
        result = run_siteaudit("crawl", f"{base}/", "-o", str(out), "-q", "--render", mode)
        assert result.returncode == 0, result.stderr
        assert result.stderr.strip().splitlines() == [f"siteaudit: notice: {notice}"]
        assert f"Rendering: {notice}" in result.stdout  # the crawl summary
        stats, renders, _ = _stored(out)
        pages = {u for u, p in stats["urls"].items() if p.resource_type == "page"}
        assert pages == {f"{base}/", f"{base}/about.html"} and not renders
        assert stats["render_notice"] == notice
        report = (out / "report" / "index.html").read_text()
        assert '<th scope="row">Rendering</th>' in report and str(missing) in report
    # A site without scripts would not have been rendered: nothing to say.
    static = tmp_path / "static"
    (static / "site").mkdir(parents=True)
    (static / "site" / "index.html").write_text("<html><title>t</title><p>Plain.</p></html>")
    with serve_site(static / "site") as plain:
        quiet = run_siteaudit("crawl", f"{plain}/", "-o", str(static / "out"), "-q")
    assert quiet.returncode == 0 and quiet.stderr.strip() == "", quiet.stderr
