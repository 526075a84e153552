from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from siteaudit.analysis import run_checks

from siteaudit.core.records import Finding, Page, SitemapEntry
from siteaudit.store import Store
from tests.analysis.factories import BASE


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[Callable[..., list[Finding]]]:
    """Store the given pages as one crawl and return the findings of every check."""
    store = Store.in_folder(tmp_path)

    def run(pages: list[Page], sitemap: list[str] | None = None) -> list[Finding]:
        crawl = store.begin_crawl([BASE + "/"], {})
        store.add_pages(crawl, pages)
        if sitemap:
            store.add_sitemap_entries(
                crawl, [SitemapEntry(BASE + p, BASE + "/sitemap.xml") for p in sitemap]
            )
        return run_checks(store, crawl)

    yield run
    store.close()
