"""The library API of ``siteaudit check``: link checking for CI.

Check a live site (URL) or a built static site (folder, served on a free loopback port):
crawl it with assets, external links and fragments checked, run the link checks, compare
with a baseline, and return one result object that the CI renderers and the CLI read.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from siteaudit.analysis import FAMILIES
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.app.baseline import compare, read_baseline, relative_url, write_baseline
from siteaudit.app.folder_server import serve_folder
from siteaudit.app.source_map import html_files, url_to_file
from siteaudit.core.checks import CHECKS
from siteaudit.core.config import ConfigError, CrawlConfig
from siteaudit.core.records import Finding
from siteaudit.reports.ci_formats.model import CiFinding, CiReport
from siteaudit.store import Store

# The registry says which checks are link checks (a CI level) and which families emit them.
_LINK_FAMILIES = tuple(
    dict.fromkeys(spec.family for spec in CHECKS.values() if spec.ci_level is not None)
)

# The result of a check run is the CI formats' report model (public API name kept).
CheckResult = CiReport


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """One check run: what to check, how, and what to compare against."""

    target: str  # http(s) URL, or a folder holding a built site
    config: CrawlConfig = field(default_factory=CrawlConfig)
    output: Path | None = None  # keep the store and HTML report here (default: temporary)
    baseline: Path | None = None
    write_baseline: Path | None = None
    strict: bool = False  # warnings fail the run too
    progress: str = "auto"
    log_level: str = "ERROR"


def run_check(request: CheckRequest) -> CiReport:
    """Check a site or a built folder; raise ConfigError / StartUrlUnreachable on bad input."""
    from siteaudit.app.audit import analyse_crawl, crawl_site

    baseline = read_baseline(request.baseline) if request.baseline else None
    started = time.monotonic()
    with _output_folder(request.output) as output, _served(request.target) as (base, root):
        config = _check_config(request.config, base, root)
        crawl_id = crawl_site(
            config, output, progress=request.progress, log_level=request.log_level
        )
        if request.output is not None:
            analyse_crawl(output, crawl_id)  # the full HTML report next to the store
        with Store.in_folder(output, create=False) as store:
            data = AuditData.load(store, crawl_id)
            items = _one_per_place([_ci_finding(f, base, root) for f in link_findings(data)])
            pages, counts = _coverage(data, store, base, root)
    items.sort(key=lambda p: (p.file or p.page, p.line or 0, p.column or 0, p.target))
    result = CiReport(
        request.target,
        items,
        pages,
        counts,
        command="check",
        strict=request.strict,
        is_folder=root is not None,
        elapsed_s=round(time.monotonic() - started, 2),
    )
    failing = {p.key for p in items if p.level == "error" or request.strict}
    if baseline is not None:
        comparison = compare(failing, baseline)
        for item in items:
            item.new = item.key not in comparison.known
        result.fixed, result.baseline_used = comparison.fixed, True
    if request.write_baseline is not None:
        write_baseline(request.write_baseline, failing)
    if request.output is not None:
        result.details = (str(request.output / "report" / "index.html"),)
    return result


def link_findings(data: AuditData) -> list[Finding]:
    """The link checks' findings on a stored crawl (no content checks)."""
    context = AnalysisContext(data)
    findings: list[Finding] = []
    for family in _LINK_FAMILIES:
        findings.extend(f for f in FAMILIES[family](context) if CHECKS[f.check].ci_level)
    return findings


def _one_per_place(items: list[CiFinding]) -> list[CiFinding]:
    """One finding per link in a file: a folder's ``dir/`` and ``dir/index.html`` are one
    file fetched under two URLs, and its links must not be counted twice."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for item in items:
        place = (item.check, item.file, item.line, item.column, item.target)
        if item.file is not None and item.line is not None:
            if place in seen:
                continue
            seen.add(place)
        kept.append(item)
    return kept


@contextmanager
def _output_folder(output: Path | None) -> Iterator[Path]:
    if output is not None:
        yield output
        return
    folder = Path(tempfile.mkdtemp(prefix="siteaudit-check-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _served(target: str) -> Iterator[tuple[str, Path | None]]:
    """(base URL, folder or None): a folder is served on a free loopback port meanwhile."""
    if target.startswith(("http://", "https://")):
        yield target, None
        return
    root = Path(target)
    if not root.is_dir():
        raise ConfigError(f"not a URL and not a folder: {target}")
    with serve_folder(root) as base:
        yield base, root.resolve()


def _check_config(config: CrawlConfig, base: str, root: Path | None) -> CrawlConfig:
    if root is None:
        return replace(config, start_urls=(base,)).validate()
    # Every HTML file is a start page, as in htmltest: pages nothing links to get checked too.
    paths = html_files(root)
    if not paths:
        raise ConfigError(f"no HTML files in {root}")
    return replace(
        config,
        start_urls=tuple(base + quote(p) for p in paths),
        use_sitemaps=False,  # a built site's sitemap names the production host
        obey_robots=False,
        source_positions=True,
        max_pages=max(config.max_pages, len(paths) + 1),
    ).validate()


def _ci_finding(finding: Finding, base: str, root: Path | None) -> CiFinding:
    """The finding at its CI level, located in the folder's files, keyed for the baseline."""
    level = CHECKS[finding.check].ci_level or "warning"
    item = CiFinding(finding, level)
    if root is not None:
        item.file = url_to_file(finding.url, base, root)
    item.key = (finding.check, relative_url(finding.url, base), relative_url(item.target, base))
    return item


def _coverage(
    data: AuditData, store: Store, base: str, root: Path | None
) -> tuple[list[str], dict[str, int]]:
    """The checked pages (each file once) and how many URLs of each kind were checked."""
    counts = {"page_urls": 0, "assets": 0, "external": 0, "other": 0}
    names = {"page": "page_urls", "asset": "assets", "external": "external"}
    pages = []
    for page in data.pages.values():
        kind = page.resource_type
        counts[names.get(kind, "other")] += 1
        if kind == "page" and page.is_html and page.status == 200:
            name = url_to_file(page.url, base, root) if root is not None else None
            pages.append(name or page.url)
    counts["links"] = store.count_links(data.crawl_id)
    counts["urls"] = len(data.pages)
    return sorted(set(pages)), counts
