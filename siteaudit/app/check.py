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

from siteaudit.analysis.data import AuditData
from siteaudit.analysis.fragments import check_fragments
from siteaudit.analysis.links import check_links, check_redirects, check_unlinked
from siteaudit.app.baseline import BaselineKey, compare, read_baseline, relative_url, write_baseline
from siteaudit.app.folder_server import serve_folder
from siteaudit.app.source_map import html_files, url_to_file
from siteaudit.core.config import ConfigError, CrawlConfig
from siteaudit.core.records import Finding
from siteaudit.store import Store

# What each link check means for a CI run: errors fail it, warnings only with --strict.
CI_LEVELS: dict[str, str] = {
    "broken-link": "error",
    "broken-related-link": "error",
    "broken-external-link": "error",
    "missing-fragment": "error",
    "redirect-loop": "error",
    "redirect-chain": "error",
    "page-error": "error",
    "redirected-link": "warning",
    "blocked-link": "warning",
    "robots-blocked": "warning",
}

EXIT_OK = 0
EXIT_BROKEN = 1


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


@dataclass(slots=True)
class Problem:
    """One failing or suspicious link, located for people and for CI annotations."""

    check: str
    level: str  # error | warning
    page: str  # the page holding the link (or the redirecting URL)
    target: str
    status: str  # "404", "timeout", "tls", "blocked (403)", "redirect", "missing #id"...
    message: str
    anchor: str | None = None
    redirect_to: str | None = None
    file: str | None = None  # folder input: the page's file, relative to the folder
    line: int | None = None
    column: int | None = None
    key: BaselineKey = ("", "", "")
    new: bool = True  # False when the baseline already lists it


@dataclass(slots=True)
class CheckResult:
    """Everything a check run found, ready for any output format."""

    target: str
    base_url: str
    problems: list[Problem]
    pages: list[str]  # checked HTML pages (file paths for folder input)
    counts: dict[str, int]
    fixed: tuple[BaselineKey, ...] = ()
    baseline_used: bool = False
    strict: bool = False
    elapsed_s: float = 0.0
    output: Path | None = None

    @property
    def is_folder(self) -> bool:
        return not self.target.startswith(("http://", "https://"))

    @property
    def failures(self) -> list[Problem]:
        """New problems that fail the run (errors; warnings too with --strict)."""
        return [p for p in self.problems if p.new and (p.level == "error" or self.strict)]

    @property
    def exit_code(self) -> int:
        return EXIT_BROKEN if self.failures else EXIT_OK

    def count(self, level: str, *, new_only: bool = True) -> int:
        return sum(1 for p in self.problems if p.level == level and (p.new or not new_only))

    def location(self, page: str) -> str:
        """How a page is named in output: its file for folder input, else its URL."""
        for problem in self.problems:
            if problem.page == page and problem.file:
                return problem.file
        return page


def run_check(request: CheckRequest) -> CheckResult:
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
            problems = [_problem(f, base, root) for f in link_findings(data)]
            pages, counts = _coverage(data, store, base, root)
    problems.sort(key=lambda p: (p.file or p.page, p.line or 0, p.column or 0, p.target))
    result = CheckResult(
        request.target,
        base,
        problems,
        pages,
        counts,
        strict=request.strict,
        elapsed_s=round(time.monotonic() - started, 2),
        output=request.output,
    )
    failing = {p.key for p in problems if p.level == "error" or request.strict}
    if baseline is not None:
        comparison = compare(failing, baseline)
        for problem in problems:
            problem.new = problem.key not in comparison.known
        result.fixed, result.baseline_used = comparison.fixed, True
    if request.write_baseline is not None:
        write_baseline(request.write_baseline, failing)
    return result


def link_findings(data: AuditData) -> list[Finding]:
    """The link checks' findings on a stored crawl (no content checks)."""
    findings: list[Finding] = []
    findings.extend(check_links(data))
    findings.extend(check_redirects(data))
    findings.extend(check_fragments(data))
    findings.extend(f for f in check_unlinked(data) if f.check == "page-error")
    return [f for f in findings if f.check in CI_LEVELS]


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


def _status_text(finding: Finding) -> str:
    ev = finding.evidence
    if finding.check == "missing-fragment":
        return f"missing #{ev.get('fragment')}"
    if finding.check == "redirected-link":
        return "redirect"
    if finding.check in ("redirect-loop", "redirect-chain"):
        return finding.check.replace("-", " ")
    if finding.check == "blocked-link":
        return f"blocked ({ev.get('status')})"
    if finding.check == "robots-blocked":
        return "robots.txt"
    if "redirect loop" in finding.message:
        return "redirect loop"
    error, status = ev.get("error"), ev.get("status")
    if status:
        return str(status)
    return str(error or "no response")


def _problem(finding: Finding, base: str, root: Path | None) -> Problem:
    ev = finding.evidence
    target = str(ev.get("target") or finding.url)
    redirect_to = ev.get("final")
    if finding.check in ("redirect-chain", "redirect-loop"):
        target = " -> ".join(str(h) for h in ev.get("hops", ()))  # type: ignore[attr-defined]
        redirect_to = None
    if finding.check.startswith("broken-") and " redirects to " in finding.message:
        redirect_to = finding.message.rsplit(" redirects to ", 1)[1].split(" (")[0]
    line, column = ev.get("line"), ev.get("column")
    return Problem(
        check=finding.check,
        level=CI_LEVELS[finding.check],
        page=finding.url,
        target=target,
        status=_status_text(finding),
        message=finding.message,
        anchor=ev.get("anchor") if isinstance(ev.get("anchor"), str) else None,  # type: ignore[arg-type]
        redirect_to=str(redirect_to) if redirect_to else None,
        file=url_to_file(finding.url, base, root) if root is not None else None,
        line=int(line) if isinstance(line, int) else None,
        column=int(column) if isinstance(column, int) else None,
        key=(finding.check, relative_url(finding.url, base), relative_url(target, base)),
    )


def _coverage(
    data: AuditData, store: Store, base: str, root: Path | None
) -> tuple[list[str], dict[str, int]]:
    """The checked pages and how many URLs of each kind were checked."""
    counts = {"pages": 0, "assets": 0, "external": 0, "other": 0}
    names = {"page": "pages", "asset": "assets", "external": "external"}
    pages = []
    for page in data.pages.values():
        kind = page.resource_type
        counts[names.get(kind, "other")] += 1
        if kind == "page" and page.is_html and page.status == 200:
            name = url_to_file(page.url, base, root) if root is not None else None
            pages.append(name or page.url)
    counts["links"] = store.count_links(data.crawl_id)
    counts["urls"] = len(data.pages)
    return sorted(pages), counts
