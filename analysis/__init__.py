"""Analysis: one module per family of checks, each a function from the run's context to findings."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from itertools import chain

from siteaudit.analysis.content_checks import check_content
from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.crawl_events import check_crawl_events
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.duplicates import check_duplicates
from siteaudit.analysis.fragments import check_fragments
from siteaudit.analysis.graph_checks import check_graph
from siteaudit.analysis.links import (
    check_links,
    check_long_links,
    check_redirects,
    check_unlinked,
)
from siteaudit.analysis.onpage import check_onpage
from siteaudit.analysis.rendering import check_rendering
from siteaudit.analysis.structured_data import check_structured_data
from siteaudit.analysis.terms import check_terms

from siteaudit.core.records import Finding
from siteaudit.store import Store

CheckFamily = Callable[[AnalysisContext], Iterable[Finding]]
# Told after each stage of an analysis: (stage name, seconds it took, findings it made).
StageReport = Callable[[str, float, int], None]

FAMILIES: dict[str, CheckFamily] = {
    "links": lambda context: chain(check_links(context.data), check_long_links(context.data)),
    "redirects": lambda context: check_redirects(context.data),
    "unlinked": lambda context: check_unlinked(context.data),
    "onpage": lambda context: check_onpage(context.data),
    "crawl": lambda context: check_crawl_events(context.data),
    "fragments": lambda context: check_fragments(context.data),
    "rendering": lambda context: check_rendering(context.data),
    "structured_data": lambda context: check_structured_data(context.data),
    # These share the run's engines (text pass, terms, graph) through the context.
    "graph": check_graph,
    "terms": check_terms,
    "duplicates": check_duplicates,
    "content": check_content,
}


def run_checks(
    store: Store,
    crawl_id: int | None = None,
    timings: dict[str, float] | None = None,
    options: AnalysisOptions | None = None,
    *,
    context: AnalysisContext | None = None,
    on_stage: StageReport | None = None,
) -> list[Finding]:
    """Every check on one stored crawl; per-family seconds go into ``timings``, and to
    ``on_stage`` as each family ends (the terminal shows them as they come).

    ``context``: the run's context when the caller has one (it reuses it for the report).
    """
    started = time.perf_counter()
    if context is None:
        context = AnalysisContext(AuditData.load(store, crawl_id, options))
    if timings is not None:
        timings["load"] = round(time.perf_counter() - started, 3)
    findings: list[Finding] = []
    for name, family in FAMILIES.items():
        started = time.perf_counter()
        before = len(findings)
        findings.extend(family(context))
        seconds = time.perf_counter() - started
        if timings is not None:
            timings[name] = round(seconds, 3)
        if on_stage is not None:
            on_stage(name, seconds, len(findings) - before)
    return findings
