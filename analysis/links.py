"""Link checks: broken links, links to redirects, redirect chains and loops, orphans, links
too long to fetch."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from siteaudit.analysis.data import AuditData
from siteaudit.analysis.redirects import RedirectPath, follow_redirects

from siteaudit.core.checks import make_finding
from siteaudit.core.config import ConfigError, parse_status_ranges
from siteaudit.core.records import Finding, Link, Page, Region
from siteaudit.core.urls import MAX_URL_LENGTH

_ERROR_LABEL = {0: "no response"}
# How much of an over-long URL a finding shows: enough to recognise it.
_URL_START = 100


def describe_status(page: Page) -> str:
    """'404', '500' or the network error, e.g. 'timeout'."""
    if page.status:
        return str(page.status)
    return page.error or _ERROR_LABEL[0]


def accepted_statuses(data: AuditData) -> tuple[tuple[int, int], ...]:
    """The crawl's extra accepted status ranges (``--accept``); empty means 2xx only."""
    try:
        # ignore: the stored config is JSON (object); accept is a list of str there
        return parse_status_ranges(tuple(data.run.config.get("accept") or ()))  # type: ignore[arg-type]
    except ConfigError:
        return ()


def check_links(data: AuditData) -> Iterator[Finding]:
    """Broken links, links to redirects, and links blocked by robots.txt or a bot wall."""
    if data.run.config.get("require_https"):
        yield from check_insecure_links(data)
    paths: dict[str, RedirectPath] = {}
    related_index: dict[str, dict[int, int]] = {}
    accepted = accepted_statuses(data)
    for link, target in data.store.links_to_non_ok(data.crawl_id):
        if (target.error or "").startswith("robots.txt"):
            yield _robots_blocked(link)
            continue
        if target.status and any(low <= target.status <= high for low, high in accepted):
            continue
        if target.error == "blocked":
            yield _bot_blocked(link, target)
            continue
        if target.location:
            path = paths.get(target.url) or follow_redirects(target.url, data.pages)
            paths[target.url] = path
            if path.loop or (path.final_status or 0) >= 400 or path.final_status == 0:
                yield _broken(link, target, data, related_index, redirect=path)
            else:
                yield _redirected(link, path)
            continue
        if 300 <= target.status < 400:
            continue  # a 304 or a 3xx without Location: nothing to follow, nothing broken
        yield _broken(link, target, data, related_index)


def check_long_links(data: AuditData) -> Iterator[Finding]:
    """Links whose URL is too long to fetch, on the pages that carry them.

    The crawler records each such URL once (a ``url-too-long`` event) instead of requesting
    it; the links to those few URLs are then read through the target index.
    """
    targets = [e.url for e in data.events if e.kind == "url-too-long"]
    for link in data.store.links_to(data.crawl_id, targets):
        anchor = link.text or ("(image)" if link.kind == "img" else "(no anchor text)")
        start = link.target[:_URL_START] + "…"
        yield make_finding(
            "url-too-long",
            link.source,
            f'Link "{anchor}" has a URL of {len(link.target):,} characters (at most '
            f"{MAX_URL_LENGTH:,} can be fetched): {start}",
            element=f"{link.region} link" if link.kind == "a" else link.kind,
            snippet=anchor,
            evidence={
                "target": start,
                "length": len(link.target),
                "limit": MAX_URL_LENGTH,
                "anchor": link.text,
                "kind": link.kind,
                "region": link.region,
                "position": link.position,
                **source_position(link),
            },
        )


def check_insecure_links(data: AuditData) -> Iterator[Finding]:
    """Links to other hosts over plain http:// (only asked for with require_https)."""
    for link in data.store.links(data.crawl_id):
        if not link.target.startswith("http://") or _host(link.target) == _host(link.source):
            continue
        anchor = link.text or ("(image)" if link.kind == "img" else "(no anchor text)")
        yield make_finding(
            "insecure-link",
            link.source,
            f'Link "{anchor}" goes to {link.target} over plain http://',
            element=f"{link.region} link" if link.kind == "a" else link.kind,
            snippet=anchor,
            evidence={
                "target": link.target,
                "anchor": link.text,
                "kind": link.kind,
                "region": link.region,
                "position": link.position,
                "error": "http://",
                **source_position(link),
            },
        )


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _related_number(link: Link, data: AuditData, cache: dict[str, dict[int, int]]) -> int:
    """1-based index of a link within its page's related list ("related link 4")."""
    numbers = cache.get(link.source)
    if numbers is None:
        positions = data.store.related_positions(data.crawl_id, link.source)
        numbers = {position: n for n, position in enumerate(positions, start=1)}
        cache[link.source] = numbers
    return numbers.get(link.position, 0)


def _broken(
    link: Link,
    target: Page,
    data: AuditData,
    related_index: dict[str, dict[int, int]],
    redirect: RedirectPath | None = None,
) -> Finding:
    status = describe_status(target)
    if redirect is not None:
        status = (
            "redirect loop"
            if redirect.loop
            else f"redirects to {redirect.final} ({redirect.final_status})"
        )
    anchor = link.text or ("(image)" if link.kind == "img" else "(no anchor text)")
    evidence: dict[str, object] = {
        "target": link.target,
        "status": target.status,
        "error": target.error,
        "anchor": link.text,
        "kind": link.kind,
        "region": link.region,
        "position": link.position,
    }
    evidence.update(source_position(link))
    if redirect is not None:
        # What the reader ends up on: the end of the chain, or nowhere for a loop (external
        # links too, so CI output reads the redirect from the evidence, not the message).
        evidence.update(
            status=redirect.final_status or 0,
            error="redirect loop" if redirect.loop else None,
            final=redirect.final,
            hops=list(redirect.hops),
        )
    if target.resource_type == "external":
        return make_finding(
            "broken-external-link",
            link.source,
            f'Link "{anchor}" goes to {link.target}: {status}',
            element=f"{link.region} link" if link.kind == "a" else link.kind,
            snippet=anchor,
            evidence=evidence,
        )
    if link.region == Region.RELATED:
        number = _related_number(link, data, related_index)
        evidence["related_number"] = number
        return make_finding(
            "broken-related-link",
            link.source,
            f'Related link {number} "{anchor}" goes to {link.target}: {status}',
            element="related link",
            snippet=anchor,
            evidence=evidence,
        )
    return make_finding(
        "broken-link",
        link.source,
        f'Link "{anchor}" goes to {link.target}: {status}',
        element=f"{link.region} link" if link.kind == "a" else link.kind,
        snippet=anchor,
        evidence=evidence,
    )


def source_position(link: Link) -> dict[str, object]:
    """line/column evidence when the crawl recorded where the link sits in the HTML."""
    if link.line is None or link.column is None:
        return {}
    return {"line": link.line, "column": link.column}


def _bot_blocked(link: Link, target: Page) -> Finding:
    anchor = link.text or "(no anchor text)"
    evidence: dict[str, object] = {
        "target": link.target,
        "status": target.status,
        "error": "blocked",
        "anchor": link.text,
        "region": link.region,
        "position": link.position,
    }
    evidence.update(source_position(link))
    return make_finding(
        "blocked-link",
        link.source,
        f'Link "{anchor}" goes to {link.target}: blocked by bot protection ({target.status}), '
        "could not be checked",
        element=f"{link.region} link" if link.kind == "a" else link.kind,
        snippet=anchor,
        evidence=evidence,
    )


def _redirected(link: Link, path: RedirectPath) -> Finding:
    anchor = link.text or "(no anchor text)"
    return make_finding(
        "redirected-link",
        link.source,
        f'Link "{anchor}" goes to {link.target}, which redirects to {path.final}',
        element=f"{link.region} link",
        snippet=anchor,
        fix=f"Link straight to {path.final}.",
        evidence={
            "target": link.target,
            "final": path.final,
            "hops": list(path.hops),
            "region": link.region,
            "position": link.position,
            **source_position(link),
        },
    )


def _robots_blocked(link: Link) -> Finding:
    return make_finding(
        "robots-blocked",
        link.source,
        f"Link to {link.target} is disallowed by robots.txt",
        element=f"{link.region} link",
        snippet=link.text,
        evidence={
            "target": link.target,
            "anchor": link.text,
            "region": link.region,
            **source_position(link),
        },
    )


def check_redirects(data: AuditData) -> Iterator[Finding]:
    """Chains (2+ hops) and loops, reported once at the URL where each is entered (a loop
    only when no link leads into it: a link into a loop is a broken link)."""
    reported_loops: set[frozenset[str]] = set()
    for page in data.pages.values():
        if not page.location or page.found_via == "redirect":
            continue
        path = follow_redirects(page.url, data.pages)
        if path.loop:
            if page.found_via == "link":
                continue  # check_links reports each link into it as broken: "redirect loop"
            cycle = frozenset(path.hops)
            if cycle in reported_loops:
                continue
            reported_loops.add(cycle)
            yield make_finding(
                "redirect-loop",
                page.url,
                f"Redirect loop: {' -> '.join(path.hops)} -> {path.hops[0]}",
                element="redirect",
                evidence={"hops": list(path.hops), "target": path.hops[-1]},
            )
        elif path.hop_count >= 2:
            yield make_finding(
                "redirect-chain",
                page.url,
                f"Redirect chain of {path.hop_count} hops: {' -> '.join(path.hops)}",
                element="redirect",
                fix=f"Redirect {page.url} straight to {path.final}, and update links to it.",
                evidence={"hops": list(path.hops), "final": path.final, "target": path.final},
            )


# Up to this many pages without an inbound link to explain: one count query each.
_FEW_CANDIDATES = 50


def check_unlinked(data: AuditData) -> Iterator[Finding]:
    """Sitemap-only pages (orphans) and failing URLs that no page links to."""
    listed: dict[str, str] = {}
    for entry in data.sitemap:
        listed.setdefault(entry.url, entry.sitemap)
    # Pages reached by a link were found via "link" or "redirect"; only the others can be
    # unlinked, so count inbound links for those few instead of grouping every link.
    candidates = [
        p
        for p in data.pages.values()
        if p.found_via in ("sitemap", "start") and p.resource_type == "page"
    ]
    if len(candidates) > _FEW_CANDIDATES:
        # A folder check starts at every file: one pass over the links beats a query each.
        inbound = data.store.inbound_sources(data.crawl_id)
    else:
        inbound = data.store.inbound_counts(data.crawl_id, (p.url for p in candidates))
    for page in candidates:
        if inbound.get(page.url, 0):
            continue
        if page.status == 0 and (page.error or "").startswith("robots.txt"):
            continue
        if page.status >= 400 or page.status == 0:
            if page.found_via in ("sitemap", "start"):
                where = listed.get(page.url, "the start URLs")
                yield make_finding(
                    "page-error",
                    page.url,
                    f"{page.url} is listed in {where} but answers {describe_status(page)}",
                    element="url",
                    evidence={"status": page.status, "error": page.error, "sitemap": where},
                )
        elif page.url in listed and page.status == 200 and page.found_via == "sitemap":
            yield make_finding(
                "orphan-page",
                page.url,
                f"No page links to {page.url}; only the sitemap lists it",
                element="inbound links",
                snippet=page.title,
                evidence={"sitemap": listed[page.url]},
            )
