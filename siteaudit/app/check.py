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
from siteaudit.app.check_policy import apply_status_policy, changed_files, only_changed
from siteaudit.app.folder_names import FolderNames, folder_names
from siteaudit.app.folder_server import serve_folder
from siteaudit.app.source_map import html_files
from siteaudit.core.checks import CHECKS
from siteaudit.core.config import ConfigError, CrawlConfig
from siteaudit.core.link_policy import parse_status_policy
from siteaudit.core.records import Finding
from siteaudit.crawler.markdown_pages import MARKDOWN_SUFFIXES
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
    root_url: str | None = None  # folder input: the site's public URL, checked as local files
    strict: bool = False  # warnings fail the run too
    # Check and report only these files of the folder (paths, or `git diff` since a ref);
    # the pages they link to are still fetched, so links into other files resolve.
    changed_files: tuple[str, ...] = ()
    since: str | None = None
    progress: str = "auto"
    log_level: str = "ERROR"


def run_check(request: CheckRequest) -> CiReport:
    """Check a site or a built folder; raise ConfigError / StartUrlUnreachable on bad input."""
    from siteaudit.app.audit import analyse_crawl, crawl_site

    baseline = read_baseline(request.baseline) if request.baseline else None
    started = time.monotonic()
    if request.root_url is not None and not _is_folder(request.target):
        raise ConfigError("--root-url applies to a folder, not to a URL")
    with _output_folder(request.output) as output, _served(request.target) as (base, root):
        changed = _changed(request, root)
        names = folder_names(root, base) if root is not None else None
        config = _check_config(request.config, base, root, request.root_url, changed)
        crawl_id = crawl_site(
            config, output, progress=request.progress, log_level=request.log_level
        )
        with Store.in_folder(output, create=False) as store:
            data = AuditData.load(store, crawl_id)
            findings = link_findings(data)
            if names is None:
                items = [_ci_finding(f, base) for f in findings]
            else:
                items = unique_findings([folder_finding(f, names) for f in findings], names)
            items = apply_status_policy(items, parse_status_policy(config.status_policy))
            if changed is not None:
                items = only_changed(items, changed)
            pages, counts = _coverage(data, store, names)
            if request.output is not None and root is not None:
                # The kept store and its report name the folder's URLs as the other
                # outputs do: site paths, or the public URL given, never the temporary port.
                public = request.root_url.rstrip("/") + "/" if request.root_url else "/"
                store.rebase_urls(crawl_id, base.rstrip("/") + "/", public)
        if request.output is not None:
            analyse_crawl(output, crawl_id)  # the full HTML report next to the store
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


def _is_folder(target: str) -> bool:
    return not target.startswith(("http://", "https://"))


@contextmanager
def _served(target: str) -> Iterator[tuple[str, Path | None]]:
    """(base URL, folder or None): a folder is served on a free loopback port meanwhile."""
    if not _is_folder(target):
        yield target, None
        return
    root = Path(target)
    if not root.is_dir():
        raise ConfigError(f"not a URL and not a folder: {target}")
    with serve_folder(root) as base:
        yield base, root.resolve()


def _changed(request: CheckRequest, root: Path | None) -> frozenset[str] | None:
    if not request.changed_files and request.since is None:
        return None
    if root is None:
        raise ConfigError("--changed-files and --since need a folder to check, not a URL")
    return changed_files(root, request.changed_files, request.since)


def _check_config(
    config: CrawlConfig,
    base: str,
    root: Path | None,
    root_url: str | None = None,
    changed: frozenset[str] | None = None,
) -> CrawlConfig:
    if root is None:
        # A live site's .md URLs are downloads; a folder's are its pages.
        return replace(config, start_urls=(base,), markdown=False).validate()
    # Every HTML file is a start page, as in htmltest: pages nothing links to get checked too.
    paths = html_files(root)
    if config.markdown:
        paths += html_files(root, MARKDOWN_SUFFIXES)
    if not paths:
        raise ConfigError(f"no HTML or Markdown files in {root}")
    start_urls = tuple(base + quote(p) for p in paths)
    sources: tuple[str, ...] = ()
    if changed and all(_page_file(name) for name in changed):
        # Only changed pages: start there, check their links, fetch what they link to
        # (status, #fragments) and nothing further. A changed stylesheet, script or rule
        # file (or only deleted pages) and the whole folder is crawled, as without.
        chosen = tuple(base + quote(p) for p in paths if p[1:] in changed)
        if chosen:
            sources = start_urls = chosen
    aliases = config.site_aliases
    if root_url is not None:
        # Absolute links to the public URL name files of this folder: check them here.
        aliases = (*aliases, f"{root_url.rstrip('/')}/ {base}/")
    return replace(
        config,
        start_urls=start_urls,
        link_sources=sources,
        site_aliases=aliases,
        use_sitemaps=False,  # a built site's sitemap names the production host
        obey_robots=False,
        source_positions=True,
        max_pages=max(config.max_pages, len(paths) + 1),
    ).validate()


def _page_file(name: str) -> bool:
    return name.lower().endswith((".html", ".htm", *MARKDOWN_SUFFIXES))


def _ci_finding(finding: Finding, base: str) -> CiFinding:
    """A live site's finding at its CI level, keyed for the baseline."""
    level = CHECKS[finding.check].ci_level or "warning"
    item = CiFinding(finding, level)
    item.key = (finding.check, relative_url(finding.url, base), relative_url(item.target, base))
    return item


def folder_finding(finding: Finding, names: FolderNames) -> CiFinding:
    """A folder's finding at its CI level, its URLs as site paths, located in its file.

    The baseline key is (check, source file, target as written in it): what a person sees in
    the file, the same on every port. Findings at no file (a redirect chain entered at an old
    URL) keep site paths.
    """
    level = CHECKS[finding.check].ci_level or "warning"
    source = names.source_file(finding.url)
    item = CiFinding(names.localize(finding), level)
    written = names.written(source, item.line, item.column) if source else None
    if source is not None:
        item.file = names.display_file(source)
    item.key = (finding.check, source or item.page, written or item.target)
    return item


def unique_findings(items: list[CiFinding], names: FolderNames) -> list[CiFinding]:
    """One finding per (check, file, place, target): a page served under two URLs ("/" and
    "/index.html", or with a query string) is crawled twice but reported once."""
    kept: dict[tuple[object, ...], CiFinding] = {}
    for item in items:
        identity = (*item.key, item.line, item.column)
        other = kept.get(identity)
        # Of the copies, name the page by the URL that is its file's own path.
        if other is None or (item.file and item.page == "/" + item.key[1]):
            kept[identity] = item
    return list(kept.values())


def _coverage(
    data: AuditData, store: Store, names: FolderNames | None
) -> tuple[list[str], dict[str, int]]:
    """The checked pages (each file once) and how many URLs of each kind were checked."""
    counts = {"page_urls": 0, "assets": 0, "external": 0, "other": 0}
    kinds = {"page": "page_urls", "asset": "assets", "external": "external"}
    pages = []
    for page in data.pages.values():
        kind = page.resource_type
        counts[kinds.get(kind, "other")] += 1
        if kind == "page" and page.is_html and page.status == 200:
            name = page.url
            if names is not None:
                source = names.source_file(page.url)
                name = names.display_file(source) if source else names.path(page.url)
            pages.append(name)
    counts["links"] = store.count_links(data.crawl_id)
    counts["urls"] = len(data.pages)
    return sorted(set(pages)), counts
