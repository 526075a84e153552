"""Links too long to fetch become url-too-long findings on their pages, not silent drops."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from siteaudit.core.urls import MAX_URL_LENGTH
from siteaudit.store import DB_NAME
from tests.helpers import html, run_siteaudit, stored_pages, write_site
from tests.site_server import serve_site


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str, str]:
    """(output, base URL, the over-long URL, a URL of exactly the limit) after one crawl."""
    root = tmp_path_factory.mktemp("site")
    out = tmp_path_factory.mktemp("out")
    with serve_site(root) as base:
        too_long = f"{base}/search?q={'a' * MAX_URL_LENGTH}"
        at_limit = f"{base}/b.html?pad="
        at_limit += "b" * (MAX_URL_LENGTH - len(at_limit))
        write_site(
            root,
            {
                "index.html": html(
                    "Home",
                    f'<a href="{too_long}">Search everything</a>'
                    f'<a href="{at_limit}">Padded B</a><a href="/a.html">A</a>',
                ),
                "a.html": html("A", f'<a href="/">home</a><a href="{too_long}">search</a>'),
                "b.html": html("B", '<a href="/">home</a>'),
            },
        )
        result = run_siteaudit("crawl", base + "/", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out, base, too_long, at_limit


def _findings(out: Path, check: str) -> list[dict]:
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    return [f for f in document["findings"] if f["check"] == check]


def test_an_over_long_link_is_a_warning_on_every_page_that_carries_it(crawled) -> None:
    out, base, too_long, _ = crawled
    found = _findings(out, "url-too-long")
    assert sorted(f["url"] for f in found) == [f"{base}/", f"{base}/a.html"]
    home = next(f for f in found if f["url"] == f"{base}/")
    assert home["severity"] == "warning"
    assert home["snippet"] == "Search everything"
    evidence = home["evidence"]
    assert evidence["length"] == len(too_long) > MAX_URL_LENGTH
    assert evidence["limit"] == MAX_URL_LENGTH
    assert evidence["target"] == too_long[:100] + "…"
    assert evidence["anchor"] == "Search everything"
    assert f"{len(too_long):,} characters" in home["message"]


def test_an_over_long_link_is_not_requested(crawled) -> None:
    out, _, too_long, _ = crawled
    assert too_long not in stored_pages(out)
    db = sqlite3.connect(out / DB_NAME)
    events = db.execute("SELECT kind, url FROM events WHERE kind = 'url-too-long'").fetchall()
    db.close()
    assert events == [("url-too-long", too_long)]  # once, though two pages link to it


def test_a_link_of_exactly_the_limit_is_crawled(crawled) -> None:
    out, _, _, at_limit = crawled
    assert len(at_limit) == MAX_URL_LENGTH
    assert stored_pages(out)[at_limit].status == 200
    assert all(f["evidence"]["length"] > MAX_URL_LENGTH for f in _findings(out, "url-too-long"))


def test_check_reports_an_over_long_asset_and_strict_fails_on_it(tmp_path: Path) -> None:
    root = tmp_path / "site"
    image = "/img/pixel.png?v=" + "7" * MAX_URL_LENGTH
    write_site(
        root,
        {
            "index.html": html("Home", f'<img src="{image}" alt="Pixel">'),
            "img/pixel.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    result = run_siteaudit("check", str(root), "--format", "json", "-q")
    assert result.returncode == 0, result.stderr  # a warning: CI passes unless --strict
    report = json.loads(result.stdout)
    [item] = [p for p in report["problems"] if p["check"] == "url-too-long"]
    assert item["severity"] == "warning"
    assert report["summary"]["warnings"] >= 1
    strict = run_siteaudit("check", str(root), "--strict", "-q")
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "url-too-long" in strict.stdout
