"""Fragment checks: a link to "page#id" needs an element with that id (or a[name]) there."""

from __future__ import annotations

from collections.abc import Iterator

from siteaudit.analysis.data import AuditData
from siteaudit.analysis.links import source_position
from siteaudit.analysis.redirects import follow_redirects

from siteaudit.core.checks import make_finding
from siteaudit.core.records import Finding, Link, Page

# Fragments a browser resolves without any element: the top of the page, text fragments,
# and the hash-bang / hash-route URLs of single-page apps (their router reads them).
_IMPLICIT = frozenset({"", "top"})
_NOT_IDS = ("!", "/", ":~:")


def check_fragments(data: AuditData) -> Iterator[Finding]:
    """Links whose "#fragment" names no id on the target page (when the crawl checked them)."""
    config = data.run.config
    internal = bool(config.get("check_fragments"))
    external = bool(config.get("check_external_fragments"))
    if not (internal or external):
        return
    checked: list[tuple[Link, Page, str]] = []
    for link in data.store.links_with_fragments(data.crawl_id):
        fragment = link.fragment or ""
        if fragment.lower() in _IMPLICIT or fragment.startswith(_NOT_IDS):
            continue
        target = _final_page(link.target, data.pages)
        if target is None or target.status != 200:
            continue  # broken or unchecked targets are reported by the link checks
        if target.resource_type == "external":
            if not external or "html" not in (target.content_type or ""):
                continue
        elif not (internal and target.is_html):
            continue
        checked.append((link, target, fragment))
    # The loaded pages carry no anchors: only the targets of these links are read.
    anchors = data.store.anchors(data.crawl_id, (target.url for _, target, _ in checked))
    for link, target, fragment in checked:
        if fragment not in anchors.get(target.url, ()):
            yield _missing(link, target, fragment)


def _final_page(url: str, pages: dict[str, Page]) -> Page | None:
    page = pages.get(url)
    if page is not None and page.location:
        path = follow_redirects(url, pages)
        page = pages.get(path.final) if path.final else None
    return page


def _missing(link: Link, target: Page, fragment: str) -> Finding:
    anchor = link.text or "(no anchor text)"
    return make_finding(
        "missing-fragment",
        link.source,
        f'Link "{anchor}" goes to {link.target}#{fragment}, but that page has no element '
        f'with id "{fragment}"',
        element=f"{link.region} link",
        snippet=anchor,
        fix=f'Link to an id that exists on {target.url}, or add id="{fragment}" there.',
        evidence={
            "target": f"{link.target}#{fragment}",
            "fragment": fragment,
            "anchor": link.text,
            "region": link.region,
            "position": link.position,
            **source_position(link),
        },
    )
