"""The site's banner H1 (Sphinx's classic theme) is not the page's heading."""

from __future__ import annotations

from pathlib import Path

from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.duplicates import check_duplicates
from siteaudit.analysis.onpage import check_onpage
from siteaudit.analysis.site_banner import site_banner_h1s

from siteaudit.core.records import Page
from tests.analysis.content_factories import stored

BASE = "http://docs.test"


def sphinx_page(i: int) -> Page:
    # <h1><a href="../index.html">Project 3.2 documentation</a></h1> ... <h1>Topic i</h1>
    return Page(
        url=f"{BASE}/topic{i}.html",
        status=200,
        is_html=True,
        title=f"Topic {i} | Project 3.2 documentation",
        title_count=1,
        h1=["Project 3.2 documentation", f"Topic {i}"],
        meta_description=f"All about topic {i}.",
    )


def test_an_h1_on_most_pages_is_the_banner() -> None:
    pages = [sphinx_page(i) for i in range(8)]
    assert site_banner_h1s(pages) == {"Project 3.2 documentation"}
    # Four pages sharing an H1 on a forty-page site is a duplicate, not a banner.
    pages = [sphinx_page(i) for i in range(4)] + [
        Page(url=f"{BASE}/o{i}", status=200, is_html=True, h1=[f"Other {i}"]) for i in range(36)
    ]
    assert site_banner_h1s(pages) == frozenset()


def test_heading_checks_see_the_pages_own_h1(tmp_path: Path) -> None:
    data = stored(tmp_path, [sphinx_page(i) for i in range(8)])
    checks = {f.check for f in check_onpage(data)}
    checks |= {f.check for f in check_duplicates(AnalysisContext(data))}
    assert "h1-multiple" not in checks
    assert "h1-duplicate" not in checks and "title-h1-mismatch" not in checks
