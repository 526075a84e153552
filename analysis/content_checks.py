"""More on-page checks: title and meta description lengths, canonicals, thin content."""

from __future__ import annotations

from collections.abc import Iterator

from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.links import describe_status
from siteaudit.analysis.redirects import follow_redirects
from siteaudit.analysis.text_scan import ThinPage

from siteaudit.core.checks import make_finding
from siteaudit.core.records import Finding, Page

_LISTING_LINKS = 5  # a page with this many links in its main content is a list of articles
_TRAP_EVENTS = {"query-trap", "path-trap"}


def check_content(context: AnalysisContext) -> Iterator[Finding]:
    """title-too-long/-short, meta-description-length, canonical-*, thin-content."""
    data, options = context.data, context.options
    for page in data.html_pages():
        yield from length_checks(page, options)
        yield from canonical_checks(page, data.pages)
    yield from thin_content(data, options, context.text.thin)


def length_checks(page: Page, options: AnalysisOptions) -> Iterator[Finding]:
    """Titles and meta descriptions search engines cut off or that say too little."""
    title = (page.title or "").strip()
    if len(title) > options.title_max_chars:
        yield make_finding(
            "title-too-long",
            page.url,
            f"The title has {len(title)} characters; search results show about "
            f"{options.title_max_chars}",
            element="title",
            snippet=title,
            fix=f"Shorten the title to {options.title_max_chars} characters or fewer, with the "
            "subject first.",
            evidence={"length": len(title), "max": options.title_max_chars},
        )
    elif title and len(title) < options.title_min_chars:
        yield make_finding(
            "title-too-short",
            page.url,
            f'The title "{title}" has only {len(title)} characters',
            element="title",
            snippet=title,
            fix="Write a title that names the page's specific subject "
            f"({options.title_min_chars}-{options.title_max_chars} characters).",
            evidence={"length": len(title), "min": options.title_min_chars},
        )
    description = (page.meta_description or "").strip()
    low, high = options.meta_description_min_chars, options.meta_description_max_chars
    if description and not low <= len(description) <= high:
        too = "long" if len(description) > high else "short"
        yield make_finding(
            "meta-description-length",
            page.url,
            f"The meta description is too {too}: {len(description)} characters "
            f"(aim for {low}-{high})",
            element="meta description",
            snippet=description,
            fix=f"Rewrite the meta description as a {low}-{high} character summary of the page.",
            evidence={"length": len(description), "min": low, "max": high},
        )


def canonical_checks(page: Page, pages: dict[str, Page]) -> Iterator[Finding]:
    """A canonical that names another page, a broken page or a redirect."""
    canonical = page.canonical
    if not canonical or canonical == page.url:
        return
    target = pages.get(canonical)
    evidence: dict[str, object] = {"target": canonical}
    if target is not None and target.location:
        path = follow_redirects(canonical, pages)
        evidence["final"] = path.final
        if path.loop or (path.final_status or 0) >= 400 or path.final_status == 0:
            yield _canonical_broken(page, canonical, "a redirect that fails", evidence)
            return
        yield make_finding(
            "canonical-redirect",
            page.url,
            f"The canonical URL {canonical} redirects to {path.final}",
            element="canonical",
            snippet=canonical,
            fix=f"Point the canonical straight at {path.final}.",
            evidence=evidence,
        )
        return
    if target is not None and not 200 <= target.status < 300:
        yield _canonical_broken(page, canonical, describe_status(target), evidence)
        return
    yield make_finding(
        "canonical-elsewhere",
        page.url,
        f"The canonical points at another page, {canonical}: search engines will index that "
        "one instead",
        element="canonical",
        snippet=canonical,
        evidence=evidence,
    )


def _canonical_broken(page: Page, canonical: str, why: str, evidence: dict[str, object]) -> Finding:
    return make_finding(
        "canonical-broken",
        page.url,
        f"The canonical URL {canonical} answers {why}",
        element="canonical",
        snippet=canonical,
        evidence={**evidence, "status": why},
    )


def thin_content(
    data: AuditData, options: AnalysisOptions, thin: list[ThinPage]
) -> Iterator[Finding]:
    """Indexable articles with fewer own words (template removed) than the threshold.

    ``thin``: the pages the shared text pass found with few words of their own.
    """
    traps = {e.url for e in data.events if e.kind in _TRAP_EVENTS}
    listings = _listing_pages(data)
    for page in thin:
        if page.url in listings or page.url.split("?", 1)[0] in traps:
            continue
        yield make_finding(
            "thin-content",
            page.url,
            f"Only {page.words} words of the page's own content (menus, footers and repeated "
            "blocks not counted)",
            element="body",
            snippet=page.snippet,
            evidence={"words": page.words, "min": options.thin_content_words},
        )


def _listing_pages(data: AuditData) -> set[str]:
    return data.store.listing_pages(data.crawl_id, _LISTING_LINKS)
