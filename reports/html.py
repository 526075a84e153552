"""The HTML audit report: overview, check pages, all URLs, editor view, changes, per-page view.

Layout under ``<out_dir>/report/``::

    index.html             overview: health score, charts, top problems, crawl statistics
    checks/<id>.html       one check: what, why, how to fix, its findings as a data table
    urls.html              every crawled URL as a data table
    responses.html         every crawled or linked URL once, by response class, with inlinks
    inspect.html           one URL (#url=...): status, redirects, indexability, links, findings
    changes.html           changes since the previous crawl in the same store (if any)
    suppressed.html        findings hidden by the suppression file
    editor/index.html      fixes for editors, by site section; editor/<section>.html printable
    pages/<n>.html         at most PAGES_PER_SHARD pages each, pages with findings first
    data/<table>-<n>.js    rows of the data tables, loaded on demand by assets/report.js
    data/url-<n>.js        the inspector's records, one shard per URL hash
    data/search-<n>.js     every URL and title for the search box

and ``<out_dir>/worklist.csv`` / ``worklist.json``: one row per fix.

Self-contained: inline CSS, one script file, a CSP forbidding any other source. Every
crawled string is escaped by Jinja's autoescape (or set as textContent by the script);
only http(s) URLs ever become links.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from siteaudit.reports.crawl_map import write_crawl_map
from siteaudit.reports.data_tables import write_table
from siteaudit.reports.editor import build_editor_sections
from siteaudit.reports.environment import (
    http_href,
    make_environment,
    site_stat_rows,
    stat_rows,
    top_page_rows,
)
from siteaudit.reports.html_sections import (
    dump,
    render_changes,
    render_editor,
    render_suppressed,
    render_urls,
)
from siteaudit.reports.json_report import in_report_order
from siteaudit.reports.link_index import LinkIndex
from siteaudit.reports.model import ReportModel
from siteaudit.reports.overview import (
    depth_chart,
    health_score,
    response_time_chart,
    section_chart,
    status_chart,
)
from siteaudit.reports.table_rows import (
    FINDING_COLUMNS,
    TARGET_COLUMNS,
    finding_rows,
    target_rows,
)
from siteaudit.reports.temp_file import staged_outputs
from siteaudit.reports.term_summary import term_summary
from siteaudit.reports.url_views import (
    RESPONSE_COLUMNS,
    all_urls,
    findings_about,
    response_rows,
    write_url_data,
)
from siteaudit.reports.worklist import write_worklist

from siteaudit.core.checks import CheckSpec, check_spec
from siteaudit.core.finding_groups import finding_target, group_findings, is_grouped
from siteaudit.core.records import Finding, Page, Severity
from siteaudit.core.version import __version__

__all__ = ["PAGES_PER_SHARD", "PageLocator", "http_href", "make_environment", "render_html_report"]

PAGES_PER_SHARD = 250
ASSET_DIR = Path(__file__).parent / "assets"

# Only these schemes become clickable; anything else (javascript:, data:, ...) stays text.
_CHECK_FILE_CHARS = re.compile(r"[^a-z0-9-]+")

_STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "network error")


def status_class(page: Page) -> str:
    """The bucket a page falls in for the 'pages by HTTP status' table."""
    if page.status <= 0:
        return "network error"
    if 100 <= page.status < 600:
        return f"{page.status // 100}xx"
    return "other"


@dataclass(frozen=True, slots=True)
class PageLocator:
    """Where each URL's entry lives in the per-page view; the one rule every link uses."""

    positions: dict[str, int]  # url -> 0-based position in the per-page order
    per_shard: int = PAGES_PER_SHARD

    @property
    def shard_count(self) -> int:
        """How many pages/<n>.html files the view needs."""
        return -(-len(self.positions) // self.per_shard)

    def shard(self, url: str) -> int | None:
        """The 1-based shard number holding the URL, or None when it is not in the view."""
        pos = self.positions.get(url)
        return None if pos is None else pos // self.per_shard + 1

    def anchor(self, url: str) -> str | None:
        """The id of the URL's section inside its shard."""
        pos = self.positions.get(url)
        return None if pos is None else f"page-{pos + 1}"

    def href(self, url: str, root: str = "../") -> str | None:
        """Relative link to the URL's entry, from a page ``root`` away from report/."""
        pos = self.positions.get(url)
        if pos is None:
            return None
        return f"{root}pages/{pos // self.per_shard + 1}.html#page-{pos + 1}"


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """One row of the overview's checks table."""

    info: CheckSpec
    file: str  # file name under checks/
    severity: Severity  # worst severity among its findings
    findings: int
    pages: int
    targets: int | None = None  # distinct link targets, for checks about a link target


def render_html_report(
    model: ReportModel, out_dir: Path, *, template_dir: Path | None = None
) -> Path:
    """Write the report of ``model`` under ``out_dir/report/`` (and the worklist in ``out_dir``).

    ``template_dir``: templates overriding the bundled ones. Returns the path of index.html.
    """
    out_dir = Path(out_dir)
    run, findings, graph = model.run, model.findings, model.graph
    env = make_environment(template_dir)

    pages = _load_pages(model.pages.values())
    by_url: dict[str, list[Finding]] = defaultdict(list)
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for f in in_report_order(findings):
        by_url[f.url].append(f)
        by_check[f.check].append(f)

    locator = PageLocator(_page_positions(pages, by_url))
    check_files = _check_files(by_check)
    checks = _check_summaries(by_check, check_files)
    diff = model.diff
    suppressed = model.suppressed

    def entry(url: str) -> str | None:
        return locator.href(url, root="")

    common = {
        "run": run,
        "version": __version__,
        "site_label": ", ".join(run.start_urls) or "(no start URL)",
        "shard_count": locator.shard_count,
        "check_files": check_files,
        "page_href": locator.href,
        "has_changes": diff is not None,
        "suppressed_count": len(suppressed),
        "partial": model.partial,
        "held_back_titles": _held_back_titles(model),
    }

    # Rendered into a staging folder and moved in with the worklist at the end, so a
    # re-render never leaves stale shards or check pages behind and a failed render keeps
    # the previous report and worklist as they were.
    with staged_outputs(out_dir) as stage:
        staging = stage / "report"
        for sub in ("checks", "pages", "editor", "data", "assets"):
            (staging / sub).mkdir(parents=True)
        data_dir = staging / "data"
        shutil.copyfile(ASSET_DIR / "report.js", staging / "assets" / "report.js")
        links = LinkIndex.build(model.links() if model.links is not None else (), pages)
        urls = all_urls(pages, links)
        about = findings_about(findings)
        url_data = write_url_data(
            data_dir,
            urls,
            pages,
            links,
            by_url,
            about,
            lambda check: f"checks/{check_files[check]}" if check in check_files else None,
            entry,
        )
        common["url_shards"] = url_data.url_shards
        common["search_shards"] = url_data.search_shards
        counts = Counter({url: len(items) for url, items in by_url.items()})
        counts.update({url: len(items) for url, items in about.items()})
        responses = write_table(
            data_dir,
            "responses",
            RESPONSE_COLUMNS,
            response_rows(urls, pages, links, counts, entry),
        )
        del links  # the biggest thing the report holds; the rest need not carry it
        editor_sections = build_editor_sections(findings, pages)
        section_of = {p.url: s.path for s in editor_sections for p in s.pages}
        dump(
            env,
            "responses.html",
            staging / "responses.html",
            common,
            root="",
            table=responses,
            url_data=url_data,
            uses_tables=True,
        )
        dump(env, "inspect.html", staging / "inspect.html", common, root="")
        score = health_score(_count_pages(pages.values()), findings)
        dump(
            env,
            "index.html",
            staging / "index.html",
            common,
            root="",
            checks=checks,
            top_checks=checks[:5],
            score=score,
            stats=stat_rows(run),
            site_stats=site_stat_rows(model.site_stats),
            top_pages=top_page_rows(model.site_stats),
            status_counts=_status_counts(pages.values()),
            severity_counts=_severity_counts(findings),
            category_counts=_category_counts(checks),
            charts=[
                status_chart(pages.values()),
                depth_chart(pages.values()),
                response_time_chart(pages.values()),
                section_chart(findings, section_of),
            ],
            total_findings=len(findings),
            total_pages=len(pages),
            pages_with_findings=len(by_url),
            shards=_shard_ranges(len(locator.positions), locator.per_shard),
            diff=diff,
            diff_summary=diff.summary() if diff else {},
            editor_sections=editor_sections,
        )
        for summary in checks:
            table_id = f"check-{summary.file.removesuffix('.html')}"
            items = by_check[summary.info.id]
            if summary.targets is not None:
                table = write_table(
                    data_dir, table_id, TARGET_COLUMNS, target_rows(group_findings(items), entry)
                )
            else:
                table = write_table(data_dir, table_id, FINDING_COLUMNS, finding_rows(items, entry))
            dump(
                env,
                "check.html",
                staging / "checks" / summary.file,
                common,
                root="../",
                check=summary,
                table=table,
                term_rows=term_summary(items) if summary.info.id == "term-variant" else [],
                uses_tables=True,
            )
        render_urls(env, staging, common, pages, by_url, entry, graph.site.graph.inlinks())
        if diff is not None:
            render_changes(env, staging, common, diff, entry)
        render_suppressed(env, staging, common, suppressed)
        render_editor(env, staging, common, editor_sections, run)
        for number, entries in enumerate(_shards(locator, pages, by_url), start=1):
            dump(
                env,
                "pages.html",
                staging / "pages" / f"{number}.html",
                common,
                root="../",
                shard=number,
                entries=entries,
                total_pages=len(locator.positions),
            )
        write_crawl_map(
            run,
            graph,
            findings,
            staging,
            url_shards=url_data.url_shards,
            search_shards=url_data.search_shards,
        )
        write_worklist(editor_sections, stage)
    return out_dir / "report" / "index.html"


# -- model -------------------------------------------------------------------------------


def _load_pages(pages: Iterable[Page]) -> dict[str, Page]:
    """Keep what the report shows of each page; body text and links are dropped."""
    kept: dict[str, Page] = {}
    for page in pages:
        # Only when there is something to drop: a summary's empty lists are shared.
        if page.blocks:
            page.blocks = []
        if page.links:
            page.links = []
        kept[page.url] = page
    return kept


def _page_positions(pages: dict[str, Page], by_url: dict[str, list[Finding]]) -> dict[str, int]:
    """Per-page order: most findings first (then URL), then the clean pages by URL."""
    with_findings = sorted(by_url, key=lambda url: (-len(by_url[url]), url))
    positions = {url: i for i, url in enumerate(with_findings)}
    for url in sorted(pages):
        if url not in positions:
            positions[url] = len(positions)
    return positions


def _shards(
    locator: PageLocator, pages: dict[str, Page], by_url: dict[str, list[Finding]]
) -> Iterator[list[dict[str, object]]]:
    """The per-page view's entries, one list per shard, built lazily."""
    ordered = sorted(locator.positions.items(), key=lambda item: item[1])
    size = locator.per_shard
    for start in range(0, len(ordered), size):
        yield [
            {
                "number": pos + 1,
                "anchor": locator.anchor(url),
                "url": url,
                "page": pages.get(url),  # None: a finding about a URL the store lacks
                "findings": by_url.get(url, []),
            }
            for url, pos in ordered[start : start + size]
        ]


def _shard_ranges(total: int, size: int) -> list[dict[str, int]]:
    return [
        {"number": i // size + 1, "first": i + 1, "last": min(i + size, total)}
        for i in range(0, total, size)
    ]


def _check_files(by_check: dict[str, list[Finding]]) -> dict[str, str]:
    """File name under checks/ for every check id, safe and unique even for odd ids."""
    files: dict[str, str] = {}
    used: set[str] = set()
    for check in sorted(by_check):
        stem = _CHECK_FILE_CHARS.sub("-", check.lower()).strip("-") or "check"
        name, n = stem, 1
        while name in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name)
        files[check] = f"{name}.html"
    return files


def _check_summaries(
    by_check: dict[str, list[Finding]], files: dict[str, str]
) -> list[CheckSummary]:
    """Checks with findings by impact: severity, then pages affected, then findings, title."""
    rows = []
    for check, items in by_check.items():
        worst = min((f.severity for f in items), key=lambda s: s.rank)
        rows.append(
            CheckSummary(
                info=check_spec(check),
                file=files[check],
                severity=worst,
                findings=len(items),
                pages=len({f.url for f in items}),
                targets=len({finding_target(f) for f in items}) if is_grouped(check) else None,
            )
        )
    rows.sort(key=lambda r: (r.severity.rank, -r.pages, -r.findings, r.info.title, r.info.id))
    return rows


def _count_pages(pages: Iterable[Page]) -> int:
    """URLs that count for the health score: pages, not assets, sitemaps or robots.txt."""
    return sum(1 for p in pages if p.resource_type == "page")


def _category_counts(checks: list[CheckSummary]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for row in checks:
        counts[row.info.category] += row.findings
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _status_counts(pages: Iterable[Page]) -> list[tuple[str, int]]:
    counts = Counter(status_class(p) for p in pages)
    rows = [(label, counts.get(label, 0)) for label in _STATUS_CLASSES]
    if counts.get("other"):
        rows.append(("other", counts["other"]))
    return rows


def _severity_counts(findings: Iterable[Finding]) -> list[tuple[Severity, int]]:
    counts = Counter(f.severity for f in findings)
    return [(s, counts.get(s, 0)) for s in Severity]


def _held_back_titles(model: ReportModel) -> list[tuple[str, int]]:
    """(check title, findings held back) of a partial crawl, for its banner."""
    if model.partial is None:
        return []
    return [(check_spec(c).title, n) for c, n in model.partial.held_back.items()]
