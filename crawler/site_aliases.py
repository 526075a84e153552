"""Site aliases: URL prefixes that name another prefix's resources (``check DIR --root-url``).

A built site often links to itself by its public URL ("https://example.com/about/"). When the
folder is checked on a loopback port those links name its own files: rewriting their targets
as a page is read makes them internal links of the crawl, fetched and reported like relative
ones, and never requests to the public host.
"""

from __future__ import annotations

from siteaudit.crawler.extracted import Extracted

from siteaudit.core.records import Link
from siteaudit.core.urls import normalize_url


class SiteAliases:
    """The crawl's ``site_aliases``: (FROM, TO) prefixes of normalised URLs."""

    def __init__(self, pairs: tuple[str, ...]) -> None:
        self.prefixes: list[tuple[str, str]] = []
        for pair in pairs:
            source, target = pair.split()
            self.prefixes.append(
                (normalize_url(source, "keep") or source, normalize_url(target, "keep") or target)
            )

    def __bool__(self) -> bool:
        return bool(self.prefixes)

    def local(self, url: str) -> str:
        """``url`` under the first alias whose FROM prefix it starts with; else unchanged."""
        for source, target in self.prefixes:
            if url.startswith(source):
                return target + url[len(source) :]
        return url

    def apply_to_links(self, links: list[Link]) -> None:
        """Point each link under a FROM prefix at its TO twin."""
        for link in links:
            link.target = self.local(link.target)

    def apply(self, out: Extracted) -> None:
        """Rewrite a page's links and the URLs its head names (refresh, canonical)."""
        self.apply_to_links(out.links)
        if out.refresh:
            out.refresh = self.local(out.refresh)
        if out.canonical:
            out.canonical = self.local(out.canonical)
