"""A heading nearly every page repeats is the site's banner, not the page's own H1.

Sphinx's classic theme, many CMS themes and documentation generators put the site's name
in an ``<h1>`` on every page, before the page's own H1. Taken as the page's heading it
makes every page an "H1 duplicate" of every other and a "multiple H1" page, and hides the
real heading from the title/H1 comparison.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from siteaudit.core.records import Page

# An H1 on at least this share of the HTML pages (and on MIN_PAGES of them) is the banner.
BANNER_SHARE = 0.5
MIN_PAGES = 5


def site_banner_h1s(pages: Iterable[Page]) -> frozenset[str]:
    """H1 texts repeated on at least half of the site's HTML pages (and on five or more)."""
    counts: Counter[str] = Counter()
    html = 0
    for page in pages:
        if page.is_html and page.status == 200:
            html += 1
            counts.update({h for h in page.h1 if h})
    floor = max(MIN_PAGES, BANNER_SHARE * html)
    return frozenset(h for h, n in counts.items() if n >= floor)


def drop_banner_h1s(pages: Iterable[Page], banners: frozenset[str]) -> None:
    """Remove the banner from each page's H1s, so checks see the page's own headings."""
    if not banners:
        return
    for page in pages:
        if any(h in banners for h in page.h1):
            page.h1 = [h for h in page.h1 if h not in banners]
