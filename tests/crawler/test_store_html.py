"""--store-html: the raw HTML of each page as served, kept only when asked for."""

from __future__ import annotations

from pathlib import Path

from siteaudit.store import Store
from tests.helpers import html, run_siteaudit, write_site
from tests.site_server import serve_site

LATIN = html("Caf\u00e9", "<p>Cr\u00e8me br\u00fbl\u00e9e</p>").replace("utf-8", "iso-8859-1")


def _site(root: Path) -> Path:
    return write_site(
        root,
        {
            "index.html": html(
                "Home", '<a href="/cafe.html">Caf\u00e9</a> <a href="/a.css">css</a>'
            ),
            "cafe.html": LATIN.encode("iso-8859-1"),
            "a.css": "body { color: red }",
        },
    )


def _crawl(tmp_path: Path, *flags: str) -> tuple[str, Path]:
    out = tmp_path / "out"
    with serve_site(_site(tmp_path / "site")) as base:
        result = run_siteaudit("crawl", base + "/", "-o", str(out), "-q", *flags)
    assert result.returncode == 0, result.stderr
    return base, out


def test_store_html_keeps_each_page_as_served(tmp_path: Path) -> None:
    base, out = _crawl(tmp_path, "--store-html")
    with Store.in_folder(out, create=False) as store:
        crawl = store.crawl().id
        home = store.page_html(crawl, base + "/")
        assert home is not None and b'<a href="/cafe.html">' in home
        # The bytes as served, in their own encoding, not re-encoded text.
        assert store.page_html(crawl, base + "/cafe.html") == LATIN.encode("iso-8859-1")
        assert store.page_html(crawl, base + "/a.css") is None  # not an HTML page
        assert store.crawl().config["store_html"] is True


def test_without_store_html_no_html_is_kept(tmp_path: Path) -> None:
    base, out = _crawl(tmp_path)
    with Store.in_folder(out, create=False) as store:
        crawl = store.crawl().id
        assert store.page_html(crawl, base + "/") is None
        assert store.count_pages(crawl) >= 2
        rows = store.connection.exec_driver_sql("SELECT count(*) FROM page_html").scalar()
        assert rows == 0
