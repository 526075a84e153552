"""Analysis: one module per family of checks, each a function from stored data to findings."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from siteaudit.analysis.content_checks import check_content
from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.crawl_events import check_crawl_events
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.duplicates import check_duplicates
from siteaudit.analysis.fragments import check_fragments
from siteaudit.analysis.graph_checks import check_graph
from siteaudit.analysis.links import check_links, check_redirects, check_unlinked
from siteaudit.analysis.onpage import check_onpage
from siteaudit.analysis.terms import check_terms

from siteaudit.core.records import Finding
from siteaudit.store import Store

CheckFamily = Callable[[AuditData], Iterable[Finding]]

FAMILIES: dict[str, CheckFamily] = {
    "links": check_links,
    "redirects": check_redirects,
    "unlinked": check_unlinked,
    "onpage": check_onpage,
    "crawl": check_crawl_events,
    "fragments": check_fragments,
    "graph": check_graph,
    # The content families take their thresholds and glossary from the loaded options.
    "terms": lambda data: check_terms(data, data.options),
    "duplicates": lambda data: check_duplicates(data, data.options),
    "content": lambda data: check_content(data, data.options),
}


def run_checks(
    store: Store,
    crawl_id: int | None = None,
    timings: dict[str, float] | None = None,
    options: AnalysisOptions | None = None,
    *,
    data: AuditData | None = None,
) -> list[Finding]:
    """Every check on one stored crawl; per-family seconds go into ``timings``.

    ``data``: the crawl already loaded (the caller reuses it for the report).
    """
    started = time.perf_counter()
    if data is None:
        data = AuditData.load(store, crawl_id, options)
    if timings is not None:
        timings["load"] = round(time.perf_counter() - started, 3)
    findings: list[Finding] = []
    for name, family in FAMILIES.items():
        started = time.perf_counter()
        findings.extend(family(data))
        if timings is not None:
            timings[name] = round(time.perf_counter() - started, 3)
    return findings
