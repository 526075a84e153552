"""On-page checks: titles, H1s, meta descriptions, indexability, encoding, image alt text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from siteaudit.analysis.data import AuditData
from siteaudit.analysis.groups import group_evidence, pages_sharing_a_key
from siteaudit.analysis.headings import subject_mismatch

from siteaudit.core.checks import make_finding
from siteaudit.core.records import Finding, Page

_UTF8 = {"utf-8", "utf8", "ascii", "us-ascii"}


def check_onpage(data: AuditData) -> Iterator[Finding]:
    """Title, H1, meta description, noindex and encoding checks on every HTML page."""
    titled: list[Page] = []  # grouped by title at the end
    for page in data.html_pages():
        yield from _title_checks(page)
        yield from _heading_checks(page)
        if not page.meta_description:
            yield make_finding(
                "meta-description-missing",
                page.url,
                "No meta description"
                if page.meta_description is None
                else "The meta description is empty",
                element="meta description",
            )
        if page.noindex:
            via = "meta robots" if "noindex" in (page.meta_robots or "") else "X-Robots-Tag"
            yield make_finding(
                "noindex",
                page.url,
                f"The page tells search engines not to index it ({via})",
                element=via,
                snippet=page.meta_robots or page.x_robots_tag,
                evidence={"via": via},
            )
        elif page.title and (not page.canonical or page.canonical == page.url):
            titled.append(page)
        if page.encoding and page.encoding.lower() not in _UTF8:
            yield make_finding(
                "legacy-encoding",
                page.url,
                f"The page is encoded as {page.encoding}, not UTF-8",
                element="charset",
                evidence={"encoding": page.encoding},
            )
    yield from _duplicate_titles(pages_sharing_a_key(titled, lambda p: (p.title or "").casefold()))
    yield from _noindex_related(data)
    yield from _images_without_alt(data)


def _title_checks(page: Page) -> Iterator[Finding]:
    if not page.title:
        yield make_finding(
            "title-missing",
            page.url,
            "The page has no title" if page.title_count == 0 else "The title is empty",
            element="title",
            evidence={"h1": page.h1[0] if page.h1 else None},
        )
    if page.title_count > 1:
        yield make_finding(
            "title-multiple",
            page.url,
            f"The page has {page.title_count} title elements",
            element="title",
            snippet=page.title,
        )


def _heading_checks(page: Page) -> Iterator[Finding]:
    if not page.h1 or not any(page.h1):
        yield make_finding(
            "h1-missing",
            page.url,
            "The page has no H1 heading",
            element="h1",
            fix=f'Add one H1 that names the page\'s subject, e.g. "{page.title}".'
            if page.title
            else None,
        )
    elif len(page.h1) > 1:
        yield make_finding(
            "h1-multiple",
            page.url,
            f"The page has {len(page.h1)} H1 headings: " + " / ".join(page.h1),
            element="h1",
            snippet=" / ".join(page.h1),
            evidence={"h1": page.h1},
        )
    if page.title and page.h1 and page.h1[0]:
        mismatch = subject_mismatch(page.title, page.h1[0])
        if mismatch is not None:
            said = " ".join(mismatch.title_words)
            h1_said = " ".join(mismatch.h1_words)
            yield make_finding(
                "title-h1-mismatch",
                page.url,
                f'Title says "{said}", H1 says "{h1_said}"',
                element="title/h1",
                snippet=f"title: {page.title} | h1: {page.h1[0]}",
                evidence={
                    "title": page.title,
                    "h1": page.h1[0],
                    "title_words": said,
                    "h1_words": h1_said,
                    "unrelated": mismatch.unrelated,
                },
            )


def _duplicate_titles(groups: list[list[Page]]) -> Iterator[Finding]:
    for pages in groups:
        urls = sorted(p.url for p in pages)
        for page in pages:
            yield make_finding(
                "title-duplicate",
                page.url,
                f'{len(urls) - 1} other page(s) have the same title "{page.title}"',
                element="title",
                snippet=page.title,
                evidence=group_evidence(urls, page.url),
            )


def _noindex_related(data: AuditData) -> Iterator[Finding]:
    noindex = {url for url, page in data.pages.items() if page.noindex and page.status == 200}
    for link in data.store.related_links_to(data.crawl_id, noindex):
        yield make_finding(
            "noindex-linked-as-related",
            link.source,
            f'Related link "{link.text}" recommends {link.target}, which is noindex',
            element="related link",
            snippet=link.text,
            evidence={"target": link.target, "anchor": link.text, "position": link.position},
        )


def _images_without_alt(data: AuditData) -> Iterator[Finding]:
    missing: dict[str, list[str]] = defaultdict(list)
    for source, target in data.store.images_without_alt(data.crawl_id):
        missing[source].append(target)
    for source, images in missing.items():
        yield make_finding(
            "image-missing-alt",
            source,
            f"{len(images)} image(s) without an alt attribute",
            element="img",
            snippet=", ".join(images[:5]),
            evidence={"images": images},
        )
