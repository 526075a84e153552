"""The store stays compact: bytes per page of a crawled generated help site (bench/)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from siteaudit.store import DB_NAME, Store
from tests.helpers import REPO, run_siteaudit
from tests.site_server import serve_site

# The target was 15 KB a page on the generated sites (schema version 2 stored ~60 KB); version
# 5 stores ~11.2 KB on this site, its links ~2.3 KB (version 4 kept each link's text inline).
MAX_BYTES_PER_PAGE = 12_000
MAX_LINK_BYTES_PER_PAGE = 2_600
ARTICLES = 300


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crawl of bench/generate_site.py's site at 300 articles (10-60 KB, ~70 links each)."""
    root = tmp_path_factory.mktemp("size")
    generator = [sys.executable, str(REPO / "bench" / "generate_site.py")]
    generator += ["--pages", str(ARTICLES), "--out", str(root / "gen")]
    subprocess.run(generator, check=True, capture_output=True, timeout=120)
    out = root / "out"
    with serve_site(root / "gen" / "site") as base:
        done = run_siteaudit("crawl", f"{base}/", "-o", str(out), "-q", timeout=600)
    assert done.returncode in (0, 1), done.stderr  # 1: findings (the planted broken links)
    return out


def _btree_bytes(db: Path) -> dict[str, int]:
    """Bytes each table and index occupies (SQLite's dbstat: its B-tree pages)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
    finally:
        con.close()


def test_a_generated_site_is_stored_in_under_12_kb_a_page(crawled: Path) -> None:
    with Store.in_folder(crawled, create=False) as store:
        crawl = store.crawl().id
        pages = store.count_pages(crawl)
        links = store.count_links(crawl)
        blocks = sum(len(p.blocks) for p in store.pages(crawl))
    assert pages > ARTICLES and links > 50 * ARTICLES and blocks > 10 * ARTICLES
    sizes = _btree_bytes(crawled / DB_NAME)
    total = sum(sizes.values())
    assert total / pages <= MAX_BYTES_PER_PAGE, sorted(sizes.items(), key=lambda kv: -kv[1])
    assert sizes["page_links"] / pages <= MAX_LINK_BYTES_PER_PAGE, sizes["page_links"] / pages
    # Each distinct URL and link text once: links refer to ids, not to repeated strings.
    assert sizes["urls"] < sizes["page_links"] / 10
    assert sizes["link_texts"] < sizes["page_links"] / 10


def test_findings_are_stored_packed(crawled: Path) -> None:
    """Schema 7 packs findings in blocks (a row each took ~1.3 KB a finding at 100,000
    pages; packed, 36 bytes)."""
    with Store.in_folder(crawled, create=False) as store:
        found = store.count_findings(store.crawl().id)
    assert found > ARTICLES  # duplicate and long titles, broken related links...
    stored = _btree_bytes(crawled / DB_NAME)["finding_blocks"]
    assert "findings" not in _btree_bytes(crawled / DB_NAME)
    assert stored / found <= 150, (stored, found)
