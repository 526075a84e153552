"""Graph checks: reachability, click depth, dead ends, related lists, link score, suggestions.

Findings that analysis/links.py and analysis/onpage.py already make (broken and redirected
links, sitemap-only orphans, noindex pages recommended as related) are not repeated here.
The per-page figures come from graph_analysis.py as arrays over the link graph's nodes.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator

import numpy as np
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph import CONTENT_BITS, NAVIGATION_BITS, REDIRECT_BIT, LinkGraph
from siteaudit.analysis.graph_analysis import (
    GraphAnalysis,
    GraphSettings,
    find_communities,
    is_article,
    node_mask,
)

from siteaudit.core.checks import make_finding
from siteaudit.core.crawl_history import origin_rebase
from siteaudit.core.records import Finding

__all__ = [
    "GraphAnalysis",
    "GraphSettings",
    "check_graph",
    "find_communities",
    "graph_statistics",
]

# Region bits only: the arrays' masks also carry the "followed" flag (bit 7).
_REGIONS = 0x7F
_NOT_NAVIGATION = _REGIONS & ~(NAVIGATION_BITS | REDIRECT_BIT)


def check_graph(context: AnalysisContext) -> Iterator[Finding]:
    """Reachability, depth, dead ends, related lists, link score and related quality."""
    data, settings, analysis = context.data, context.graph_settings, context.graph
    yield from _reachability(data, analysis, settings)
    yield from _dead_ends(data, analysis)
    yield from _related_counts(data, analysis, settings)
    yield from _related_to_canonicalised(data)
    yield from _off_topic_related(data, analysis, settings)
    yield from _isolated_clusters(analysis)
    yield from _weak_pages(data, analysis, settings)
    yield from _unlinked_since_last_crawl(data, analysis.site.graph)


def _reachability(
    data: AuditData, analysis: GraphAnalysis, settings: GraphSettings
) -> Iterator[Finding]:
    site = analysis.site
    graph = site.graph
    starts = set(site.start_urls)
    out = graph.out
    in_degree = graph.inbound.degrees().tolist()
    # inbound edges from anything but menus, header, footer and redirects
    content_inbound = np.bincount(
        out.ids[(out.masks & _NOT_NAVIGATION) != 0], minlength=len(graph)
    ).tolist()
    depths = graph.depth.tolist()
    for url in sorted(analysis.articles):
        page = data.pages[url]
        node = graph.index.get(url)
        if url in starts or node is None:
            continue
        depth = depths[node]
        inbound = in_degree[node]
        if depth < 0:
            if inbound and starts:
                linked_from = sorted(graph.urls[i] for i in graph.inbound.row(node).tolist())
                yield make_finding(
                    "unreachable-page",
                    url,
                    f"No click path from the start page reaches {url}; only "
                    f"{inbound} page(s) outside the linked site lead to it",
                    element="inbound links",
                    snippet=page.title,
                    evidence={"linked_from": linked_from[:20]},
                )
            continue
        if depth > settings.max_depth:
            path = site.click_path(url)
            yield make_finding(
                "deep-page",
                url,
                f"{depth} clicks from the start page (more than {settings.max_depth})",
                element="click depth",
                snippet=" > ".join(path),
                evidence={"depth": depth, "path": path, "threshold": settings.max_depth},
            )
        if inbound and not content_inbound[node] and url not in analysis.hubs:
            yield make_finding(
                "nav-only-page",
                url,
                f"Only navigation links (menus, header, footer) lead here, from {inbound} "
                "page(s); no article text or related list does",
                element="inbound links",
                snippet=page.title,
                evidence={"linked_from": inbound},
            )


def _dead_ends(data: AuditData, analysis: GraphAnalysis) -> Iterator[Finding]:
    graph = analysis.site.graph
    out = graph.out
    leads_on = np.bincount(out.sources()[(out.masks & CONTENT_BITS) != 0], minlength=len(graph))
    out_degree = out.degrees()
    for url in sorted(analysis.articles):
        page = data.pages[url]
        node = graph.index.get(url)
        if node is None or leads_on[node]:
            continue
        yield make_finding(
            "dead-end-page",
            url,
            "No link in the text or a related list leads on from this page",
            element="outgoing links",
            snippet=page.title,
            evidence={"outgoing": int(out_degree[node])},
        )


def _related_counts(
    data: AuditData, analysis: GraphAnalysis, settings: GraphSettings
) -> Iterator[Finding]:
    graph = analysis.site.graph
    related = graph.related
    # distinct pages each list recommends that answer 2xx or 3xx
    working_node = (graph.status >= 200) & (graph.status < 400)
    working_of = np.bincount(
        related.sources()[working_node[related.ids]], minlength=len(graph)
    ).tolist()
    entries_of = graph.entries.tolist()
    sections: dict[str, list[int]] = defaultdict(list)
    for url in sorted(analysis.articles):
        node = graph.index.get(url)
        if node is not None and url not in analysis.hubs:
            sections[graph.section[node]].append(node)
    for members in sections.values():
        with_lists = sum(1 for node in members if entries_of[node])
        expected = len(members) >= 4 and with_lists >= settings.section_related_share * len(members)
        for node in members:
            url = graph.urls[node]
            entries = entries_of[node]
            working = working_of[node]
            evidence = {"entries": entries, "working": working}
            if entries > settings.max_related:
                yield make_finding(
                    "related-links-many",
                    url,
                    f"The related-articles list has {entries} entries "
                    f"(more than {settings.max_related})",
                    element="related links",
                    fix=f"Keep the {settings.max_related} most relevant recommendations.",
                    evidence=evidence,
                )
            elif working < settings.min_related and (entries or expected):
                said = (
                    "No related-articles list, unlike most pages of its section"
                    if not entries
                    else f"Only {working} working related link(s) of {entries}"
                )
                yield make_finding(
                    "related-links-few",
                    url,
                    said,
                    element="related links",
                    fix=f"Recommend at least {settings.min_related} live articles on the "
                    "same subject.",
                    evidence=evidence,
                )


def _related_to_canonicalised(data: AuditData) -> Iterator[Finding]:
    canonicalised = {
        url
        for url, page in data.pages.items()
        if page.status == 200 and page.canonical and page.canonical != url
    }
    for link in data.store.related_links_to(data.crawl_id, canonicalised):
        target = data.pages[link.target]
        yield make_finding(
            "related-link-canonicalised",
            link.source,
            f'Related link "{link.text}" recommends {link.target}, whose canonical is '
            f"{target.canonical}",
            element="related link",
            snippet=link.text,
            fix=f"Link to {target.canonical} instead.",
            evidence={
                "target": link.target,
                "canonical": target.canonical,
                "anchor": link.text,
                "position": link.position,
            },
        )


def _off_topic_related(
    data: AuditData, analysis: GraphAnalysis, settings: GraphSettings
) -> Iterator[Finding]:
    graph = analysis.site.graph
    sources, targets = graph.related.sources(), graph.related.ids
    article = node_mask(graph, analysis.articles)
    language = _language_codes(data, graph.urls)
    same_language = (
        (language[sources] == 0)
        | (language[targets] == 0)
        | (language[sources] == language[targets])
    )
    keep = article[sources] & article[targets] & same_language
    sources, targets = sources[keep], targets[keep]
    rank = graph.url_rank()
    order = np.lexsort((rank[targets], rank[sources]))  # (source URL, target URL) order
    sources, targets = sources[order], targets[order]
    similarity = analysis.similarity
    row = np.full(len(graph), -1, dtype=np.int64)
    for url, i in similarity.index.items():
        node = graph.index.get(url)
        if node is not None:
            row[node] = i
    values = similarity.row_pairs(row[sources], row[targets], settings.min_compared_terms)
    # unknown (too little text) is NaN, and NaN < threshold is False
    low = np.flatnonzero(values < settings.off_topic_similarity)
    whole = _whole_page_recommendations(data, {graph.urls[t] for t in targets[low].tolist()})
    pairs = zip(sources[low].tolist(), targets[low].tolist(), strict=True)
    wanted = ((graph.urls[s], graph.urls[t]) in whole for s, t in pairs)
    low = low[np.fromiter(wanted, bool, len(low))]
    for source, target, value in zip(
        sources[low].tolist(), targets[low].tolist(), values[low].tolist(), strict=True
    ):
        target_url = graph.urls[target]
        title = data.pages[target_url].title or target_url
        yield make_finding(
            "related-link-off-topic",
            graph.urls[source],
            f'The related link to "{title}" is about something else (text similarity {value:.2f})',
            element="related link",
            snippet=title,
            evidence={"target": target_url, "similarity": round(value, 3)},
        )


def _whole_page_recommendations(data: AuditData, targets: set[str]) -> set[tuple[str, str]]:
    """(source, target) of related links to ``targets`` that point at the whole page.

    A link to "core.html#setoutputfilter" recommends one section of a long page: the whole
    page's text says nothing about how related that section is.
    """
    if not targets:
        return set()
    return {
        (link.source, link.target)
        for link in data.store.related_links_to(data.crawl_id, targets)
        if not link.fragment
    }


def _language_codes(data: AuditData, urls: list[str]) -> np.ndarray:
    """Each node's primary language as a number, 0 when unknown.

    Texts in two languages share no words; their similarity says nothing.
    """
    codes: dict[str, int] = {"": 0}
    return np.fromiter(
        (
            codes.setdefault((data.pages[u].lang or "").split("-")[0].lower(), len(codes))
            for u in urls
        ),
        np.int64,
        len(urls),
    )


def _isolated_clusters(analysis: GraphAnalysis) -> Iterator[Finding]:
    """Every group of pages whose recommendations never lead out to the largest group."""
    for members in analysis.components[1:]:
        head = max(members, key=lambda u: (analysis.scores.get(u, 0), u))
        listed = sorted(members, key=lambda u: (-analysis.scores.get(u, 0), u))
        yield make_finding(
            "related-cluster-isolated",
            head,
            f"{len(members)} pages recommend only each other: readers following their "
            "related links never reach the rest of the site",
            element="related links",
            snippet=", ".join(listed[:5]),
            evidence={"size": len(members), "pages": listed[:50]},
        )


def _weak_pages(
    data: AuditData, analysis: GraphAnalysis, settings: GraphSettings
) -> Iterator[Finding]:
    """Pages with much content but a link score in the site's lowest quarter."""
    graph = analysis.site.graph
    indexable = graph.indexable.tolist()
    starts = set(analysis.site.start_urls)
    candidates = [
        u
        for u in sorted(analysis.articles)
        if u in graph.index and indexable[graph.index[u]] and u not in starts
    ]
    if len(candidates) < 4:
        return
    scores = sorted(analysis.scores[u] for u in candidates)
    cutoff = scores[int(settings.weak_score_share * (len(scores) - 1))]
    # below the median too, so a site of evenly linked pages has no "weak" quarter
    cutoff = min(cutoff, statistics.median(scores) - 0.1)
    words = statistics.median(data.pages[u].word_count for u in candidates)
    weak = sorted(
        (
            u
            for u in candidates
            if analysis.scores[u] <= cutoff and data.pages[u].word_count >= words
        ),
        key=lambda u: (analysis.scores[u], u),
    )
    linking = {
        u: {graph.urls[i] for i in graph.inbound.row(graph.index[u]).tolist()}
        for u in weak[: settings.max_suggested_pages]
    }
    suggestions = analysis.similarity.most_similar(list(linking), settings.suggestions, linking)
    for url in weak:
        sources = [(u, s) for u, s in suggestions.get(url, []) if indexable[graph.index[u]]]
        score = analysis.scores[url]
        fix = None  # the registry's generic fix, unless similar pages can be named
        if sources:
            fix = "Link to it from the most similar pages: " + ", ".join(u for u, _ in sources)
        yield make_finding(
            "low-link-score",
            url,
            f"Link score {score:.0f}/100 for a page of {data.pages[url].word_count} words: "
            f"few or weak pages link here ({graph.in_degree(url)} inbound)",
            element="inbound links",
            snippet=data.pages[url].title,
            fix=fix,
            evidence={
                "score": score,
                "inbound": graph.in_degree(url),
                "suggested_sources": [{"url": u, "similarity": s} for u, s in sources],
            },
        )


def _unlinked_since_last_crawl(data: AuditData, graph: LinkGraph) -> Iterator[Finding]:
    """Pages linked in the previous crawl that no page of this crawl links to."""
    previous = data.store.previous_crawl(data.crawl_id, finished_only=True)
    if previous is None or any(e.kind == "page-limit" for e in data.events):
        return
    # The same site served from another origin (a new port, a staging host) is compared
    # page by page, as the crawl diff does.
    rebase = origin_rebase(previous.start_urls, data.run.start_urls)
    before = data.store.inbound_sources(previous.id)
    for page in data.store.pages(previous.id, with_blocks=False):
        if not is_article(page) or not before.get(page.url):
            continue
        url = rebase(page.url) if rebase is not None else page.url
        now = data.pages.get(url)
        if now is not None and (now.status != 200 or graph.in_degree(url)):
            continue
        if now is not None and now.found_via == "sitemap":
            continue  # links.py reports it as an orphan already
        yield make_finding(
            "unlinked-since-last-crawl",
            url,
            f"{before[page.url]} page(s) linked here in crawl #{previous.id}; no crawled page "
            "links here now",
            element="inbound links",
            snippet=page.title,
            evidence={"previous_crawl": previous.id, "previous_inbound": before[page.url]},
        )


def graph_statistics(analysis: GraphAnalysis) -> dict[str, object]:
    """Site-level figures for the report overview: size, depth, related-graph structure."""
    graph = analysis.site.graph
    related = graph.related
    depths = Counter(d for d in graph.depth.tolist() if d >= 0)
    related_edges = related.size
    n = len(graph)
    pairs = related.sources().astype(np.int64) * n + related.ids
    pairs.sort()  # searched in place: np.isin took ~40 bytes a related link more
    reverse = related.ids.astype(np.int64) * n + related.sources()
    found = np.searchsorted(pairs, reverse)
    one_way = int(np.count_nonzero(pairs[np.minimum(found, len(pairs) - 1)] != reverse))
    articles = [u for u in analysis.articles if u in graph.index]
    scores = [analysis.scores[u] for u in articles]
    top = sorted(articles, key=lambda u: (-analysis.scores[u], u))[:10]
    return {
        "pages": n,
        "links": graph.out.size,
        "related_links": related_edges,
        "reachable_pages": sum(depths.values()),
        "max_depth": max(depths, default=0),
        "depth_histogram": {str(d): depths[d] for d in sorted(depths)},
        "one_way_related_links": one_way,
        "one_way_related_share": round(one_way / related_edges, 3) if related_edges else 0.0,
        "related_components": len(analysis.components),
        "largest_related_component": len(analysis.components[0]) if analysis.components else 0,
        "related_communities": len(set(analysis.communities.values())) or None,
        "median_link_score": statistics.median(scores) if scores else 0.0,
        "top_pages": [
            {"url": u, "title": graph.title[graph.index[u]], "score": analysis.scores[u]}
            for u in top
        ],
    }
