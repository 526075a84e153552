"""The library API: crawl a site, analyse the stored crawl, write the reports.

The CLI is one client of these functions; the service and tests are others.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from siteaudit.analysis import StageReport, run_checks
from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph_checks import graph_statistics
from siteaudit.app.crawl_diff import CrawlRef, changes_since, changes_since_previous
from siteaudit.app.suppressions import (
    apply_suppressions,
    find_suppression_file,
    load_suppressions,
)
from siteaudit.core.completeness import STAT as PARTIAL_STAT
from siteaudit.core.completeness import PartialCrawl, hold_back, partial_reason
from siteaudit.core.config import CrawlConfig
from siteaudit.core.crawl_changes import CrawlDiff
from siteaudit.core.extras import require_extra
from siteaudit.core.records import CrawlRun, Finding, Page, Severity
from siteaudit.core.suppression import SuppressionResult
from siteaudit.reports import render_html_report, write_findings_json
from siteaudit.reports.environment import ReportTemplateError
from siteaudit.reports.json_report import in_report_order
from siteaudit.reports.model import ReportModel
from siteaudit.reports.overview import health_score
from siteaudit.reports.temp_file import staged_outputs
from siteaudit.store import Store, StoreError


class StartUrlUnreachable(Exception):
    """No start URL answered; the message says why."""


@dataclass(slots=True)
class AuditResult:
    """What an analysis produced and where it was written."""

    crawl_id: int
    findings: list[Finding]
    report: Path
    findings_json: Path
    pages: int
    stats: dict[str, object] = field(default_factory=dict)
    status: str = "finished"  # the crawl's: finished or interrupted
    page_urls: tuple[str, ...] = ()  # the crawled URLs ``pages`` counts
    health: int | None = None  # the report's site health score (0-100)
    diff: CrawlDiff | None = None  # the report's changes since the previous crawl
    partial: PartialCrawl | None = None  # set when the crawl did not see the whole site

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def by_check(self) -> Counter[str]:
        return Counter(f.check for f in self.findings)


def crawl_site(
    config: CrawlConfig,
    output: Path,
    *,
    resume: bool = False,
    progress: str = "auto",
    log_level: str = "WARNING",
    frontier_url: str | None = None,
    store_url: str | None = None,
    workers: int = 1,
) -> int:
    """Crawl into ``output``/siteaudit.db (or ``store_url``); return the crawl id.

    With ``frontier_url`` (Redis) the crawl runs in ``workers`` processes sharing one
    frontier, and workers on other machines may join; otherwise it runs in this process
    (once per process: Twisted's reactor cannot restart).
    """
    if frontier_url:
        require_extra("scale", "a shared crawl (--frontier)", ("redis", "scrapy_redis"))
        from siteaudit.crawler.frontier.coordinator import run_distributed_crawl

        outcome = run_distributed_crawl(
            config, output, frontier_url=frontier_url, store_url=store_url, workers=workers
        )
    else:
        from siteaudit.crawler.runner import (
            run_crawl,  # imports Scrapy and Twisted: only when crawling
        )

        outcome = run_crawl(config, output, resume=resume, progress=progress, log_level=log_level)
    _raise_if_unreachable(output, outcome.crawl_id, store_url)
    return outcome.crawl_id


def _raise_if_unreachable(output: Path, crawl_id: int, store_url: str | None = None) -> None:
    with Store.open(output, store_url, create=False) as store:
        run = store.crawl(crawl_id)
        starts: list[Page] = [
            p for p in store.pages(crawl_id, with_blocks=False) if p.found_via == "start"
        ]
        if run.status != "finished" or not starts:
            return
        if all(p.status == 0 for p in starts):
            robots = {
                e.url: e.detail for e in store.events(crawl_id) if e.kind == "robots-unreachable"
            }
            reasons = ", ".join(f"{p.url} ({_failure(p, robots)})" for p in starts)
            raise StartUrlUnreachable(f"start URL unreachable: {reasons}")


def _failure(page: Page, robots_unreachable: dict[str, str]) -> str:
    """Why a start URL got no response; for an unreadable robots.txt, why that was."""
    if page.error == "robots.txt unreachable":
        scheme, _, rest = page.url.partition("://")
        why = robots_unreachable.get(f"{scheme}://{rest.split('/', 1)[0]}/robots.txt")
        if why:
            return f"robots.txt unreachable: {why}; a crawl obeys it as disallowing everything"
    return page.error or "no response"


def analyse_crawl(
    output: Path,
    crawl_id: int | None = None,
    *,
    template_dir: Path | None = None,
    options: AnalysisOptions | None = None,
    store_url: str | None = None,
    previous: CrawlRef | None = None,
    on_stage: Callable[[str], None] | None = None,
    on_check_stage: StageReport | None = None,
) -> AuditResult:
    """Run every check on a stored crawl; write report/index.html and findings.json.

    The report's changes are since ``previous`` when given (a crawl in another folder), else
    since the crawl stored before this one. ``on_stage`` hears "analysing" and "writing report".
    A damaged store is refused (StoreDamaged) before anything is read or written.
    ``on_check_stage`` is told as each stage ends: loading, each check family, the report.
    """
    announce = on_stage or (lambda _: None)
    report_stage = on_check_stage or _quiet
    with Store.open(output, store_url, create=False, verify=True) as store:
        run = store.crawl(crawl_id)
        timings: dict[str, float] = {}
        announce("analysing")
        started = time.perf_counter()
        # One context for the run: the checks and the report share its text pass and graph.
        context = AnalysisContext(AuditData.load(store, run.id, options))
        load_s = time.perf_counter() - started
        report_stage("load", load_s, 0)
        findings = run_checks(
            store, run.id, timings, options, context=context, on_stage=report_stage
        )
        timings["load"] = round(load_s, 3)
        context.release_check_state()
        partial = _partial(run, context, findings)
        if partial is not None:
            findings = [f for f in findings if f.check not in partial.held_back]
        analysis_s = time.perf_counter() - started
        # Raw findings are stored, so a diff can re-apply today's suppressions to both crawls.
        store.replace_findings(run.id, findings)
        suppression = apply_suppressions(findings, load_suppressions(find_suppression_file(output)))
        # The report, JSON and exit status see only these, sorted once for all of them.
        findings = in_report_order(suppression.kept)
        announce("writing report")
        started = time.perf_counter()
        page_count = store.count_pages(run.id)
        if partial is not None:
            partial = replace(partial, pages=page_count)
        model = build_report_model(
            store,
            context,
            findings,
            suppression,
            previous=previous,
            store_url=store_url,
            partial=partial,
        )
        # Every output is written into a staging folder and they replace the previous ones
        # together at the end: a failure on the way leaves the last report as it was.
        with staged_outputs(output) as stage:
            render_html_report(model, stage, template_dir=template_dir)
            # findings.json says what a partial crawl held back, as the stored stats will.
            held = {"held_back": partial.held_back} if partial is not None else {}
            written_run = replace(run, stats={**run.stats, **held})
            write_findings_json(
                written_run, findings, stage / "findings.json", page_count=page_count
            )
            report_s = time.perf_counter() - started
            report_stage("report", report_s, len(findings))
            stats = dict(run.stats)
            stats["fetch_errors"] = store.count_failed_pages(run.id)
            stats.update(
                analysis_s=round(analysis_s, 3),
                report_s=round(report_s, 3),
                analysis_timings=timings,
            )
            if partial is not None:
                stats.update({PARTIAL_STAT: partial.reason, "held_back": partial.held_back})
            store.update_stats(run.id, stats)
    report, json_path = output / "report" / "index.html", output / "findings.json"
    # As the report's overview counts it: pages, not assets, sitemaps or robots.txt.
    scored = sum(1 for p in model.pages.values() if p.resource_type == "page")
    return AuditResult(
        run.id,
        findings,
        report,
        json_path,
        page_count,
        stats,
        run.status,
        tuple(model.pages),
        health_score(scored, findings).score,
        model.diff,
        partial,
    )


def _quiet(stage: str, seconds: float, findings: int) -> None:
    return None


def _partial(
    run: CrawlRun, context: AnalysisContext, findings: list[Finding]
) -> PartialCrawl | None:
    """What a partial crawl holds back of ``findings``; None for a complete crawl."""
    reason = partial_reason(run.status, run.stats, context.data.events)
    if reason is None:
        return None
    _, held = hold_back(findings)
    return PartialCrawl(reason, len(context.data.pages), held)


def build_report_model(
    store: Store,
    context: AnalysisContext,
    findings: list[Finding],
    suppression: SuppressionResult | None = None,
    *,
    previous: CrawlRef | None = None,
    store_url: str | None = None,
    partial: PartialCrawl | None = None,
) -> ReportModel:
    """What the HTML report shows of an analysed crawl: ``findings`` to report (suppressed
    ones removed), what ``suppression`` hid, the changes since the previous crawl
    (``previous`` when given, else the last one as complete or partial as this one), the
    link graph's analysis and statistics, and what a ``partial`` crawl held back."""
    run = context.data.run
    rules = suppression.rules if suppression else []
    diff: CrawlDiff | None
    if previous is not None:
        diff = changes_since(previous, store, run.id, findings, rules, store_url)
    else:
        diff = changes_since_previous(store, run.id, findings, rules, partial=partial is not None)
    return ReportModel(
        run=run,
        findings=findings,
        pages=context.data.pages,
        graph=context.graph,
        suppressed=suppression.suppressed if suppression else [],
        diff=diff,
        site_stats=graph_statistics(context.graph),
        links=lambda: store.link_ids(run.id),
        partial=partial,
    )


def audit_site(
    config: CrawlConfig,
    output: Path,
    *,
    resume: bool = False,
    progress: str = "auto",
    log_level: str = "WARNING",
    template_dir: Path | None = None,
    options: AnalysisOptions | None = None,
    frontier_url: str | None = None,
    store_url: str | None = None,
    workers: int = 1,
    on_check_stage: StageReport | None = None,
) -> AuditResult:
    """Crawl, analyse and report in one go (``on_check_stage``: see analyse_crawl)."""
    crawl_id = crawl_site(
        config,
        output,
        resume=resume,
        progress=progress,
        log_level=log_level,
        frontier_url=frontier_url,
        store_url=store_url,
        workers=workers,
    )
    return analyse_crawl(
        output,
        crawl_id,
        template_dir=template_dir,
        options=options,
        store_url=store_url,
        on_check_stage=on_check_stage,
    )


__all__ = [
    "AuditResult",
    "ReportTemplateError",
    "StartUrlUnreachable",
    "StoreError",
    "analyse_crawl",
    "audit_site",
    "build_report_model",
    "crawl_site",
]
