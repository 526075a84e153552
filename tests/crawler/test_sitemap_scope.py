"""Sitemaps named by robots.txt or a sitemap index are fetched only on the crawl's own hosts."""

from __future__ import annotations

from pathlib import Path

from siteaudit.store import Store
from tests.fault_server import serve_faults
from tests.helpers import html, run_siteaudit, write_site
from tests.site_server import serve_site

_INDEX = (
    '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<sitemap><loc>{own}</loc></sitemap><sitemap><loc>{other}</loc></sitemap></sitemapindex>"
)
_URLSET = (
    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>__BASE_URL__/orphan.html</loc></url></urlset>"
)


def test_sitemaps_on_another_port_are_recorded_but_never_requested(tmp_path: Path) -> None:
    with serve_faults() as (other, hits):
        root = write_site(
            tmp_path / "site",
            {
                "index.html": html("Home", "<p>home</p>"),
                "orphan.html": html("Orphan", ""),
                "robots.txt": "User-agent: *\n"
                "Sitemap: __BASE_URL__/index.xml\n"
                f"Sitemap: {other}/robots-named.xml\n",
                "index.xml": _INDEX.format(
                    own="__BASE_URL__/pages.xml", other=f"{other}/index-named.xml"
                ),
                "pages.xml": _URLSET,
            },
        )
        output = tmp_path / "out"
        with serve_site(root) as base:
            result = run_siteaudit("crawl", base + "/", "-o", str(output), "-q")
    assert result.returncode == 0, result.stderr
    assert not hits, f"the other port was contacted: {dict(hits)}"
    with Store.in_folder(output, create=False) as store:
        run = store.crawl()
        events = {e.url: e for e in store.events(run.id)}
        urls = {p.url for p in store.pages(run.id)}
    assert base + "/orphan.html" in urls  # the in-scope sitemaps were read
    for url in (f"{other}/robots-named.xml", f"{other}/index-named.xml"):
        assert events[url].kind == "sitemap-error"
        assert "outside the crawl's hosts" in events[url].detail
