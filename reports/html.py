"""The HTML audit report: an overview, one page per check and a sharded per-page view.

Layout under ``<out_dir>/report/``::

    index.html          overview: crawl, statistics, status classes, checks worst first
    checks/<id>.html    one check: why, how to fix, every finding
    pages/<n>.html      at most PAGES_PER_SHARD pages each, pages with findings first

Everything is self-contained (inline CSS, no scripts, a strict CSP) and every crawled
string is escaped by Jinja's autoescape; only http(s) URLs ever become links.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

import siteaudit
from analysis.catalog import CheckInfo, check_info
from reports.json_report import finding_sort_key
from siteaudit.records import CrawlRun, Finding, Page, Severity
from siteaudit.store import Store

PAGES_PER_SHARD = 250
TEMPLATE_DIR = Path(__file__).parent / "templates"

# Only these schemes become clickable; anything else (javascript:, data:, ...) stays text.
_HTTP_URL = re.compile(r"https?://", re.IGNORECASE)
_CHECK_FILE_CHARS = re.compile(r"[^a-z0-9-]+")

_STAT_LABELS = {
    "pages_crawled": "Pages crawled",
    "pages": "Pages",
    "requests": "Requests",
    "elapsed_s": "Duration (seconds)",
    "duration_s": "Duration (seconds)",
    "pages_per_s": "Pages per second",
    "errors": "Errors",
    "bytes": "Bytes downloaded",
}

_STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "network error")


def http_href(url: object) -> str | None:
    """The URL itself when it is safe to link to (http or https), else None."""
    if isinstance(url, str) and _HTTP_URL.match(url):
        return url
    return None


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

    info: CheckInfo
    file: str  # file name under checks/
    severity: Severity  # worst severity among its findings
    findings: int
    pages: int


def render_html_report(
    store: Store,
    crawl_id: int,
    findings: list[Finding],
    out_dir: Path,
    *,
    template_dir: Path | None = None,
) -> Path:
    """Write the report under ``out_dir/report/`` and return the path of its index.html."""
    out_dir = Path(out_dir)
    run = store.crawl(crawl_id)
    env = make_environment(template_dir)

    pages = _load_pages(store.pages(crawl_id))
    by_url: dict[str, list[Finding]] = defaultdict(list)
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=finding_sort_key):
        by_url[f.url].append(f)
        by_check[f.check].append(f)

    locator = PageLocator(_page_positions(pages, by_url))
    check_files = _check_files(by_check)
    checks = _check_summaries(by_check, check_files)
    common = {
        "run": run,
        "version": siteaudit.__version__,
        "site_label": ", ".join(run.start_urls) or "(no start URL)",
        "shard_count": locator.shard_count,
        "check_files": check_files,
        "page_href": locator.href,
    }

    out_dir.mkdir(parents=True, exist_ok=True)
    # Render into a sibling folder and swap it in, so a re-render never leaves stale
    # shards or check pages behind and a failed render keeps the previous report intact.
    staging = out_dir / f".report-{uuid.uuid4().hex}.tmp"
    (staging / "checks").mkdir(parents=True)
    (staging / "pages").mkdir()
    try:
        _dump(
            env,
            "index.html",
            staging / "index.html",
            common,
            root="",
            checks=checks,
            stats=_stat_rows(run),
            status_counts=_status_counts(pages.values()),
            severity_counts=_severity_counts(findings),
            total_findings=len(findings),
            total_pages=len(pages),
            pages_with_findings=len(by_url),
            shards=_shard_ranges(len(locator.positions), locator.per_shard),
        )
        for summary in checks:
            _dump(
                env,
                "check.html",
                staging / "checks" / summary.file,
                common,
                root="../",
                check=summary,
                findings=by_check[summary.info.id],
            )
        for number, entries in enumerate(_shards(locator, pages, by_url), start=1):
            _dump(
                env,
                "pages.html",
                staging / "pages" / f"{number}.html",
                common,
                root="../",
                shard=number,
                entries=entries,
                total_pages=len(locator.positions),
            )
        _swap_in(staging, out_dir / "report")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir / "report" / "index.html"


def make_environment(template_dir: Path | None = None) -> Environment:
    """Jinja environment: user templates (if any) override the bundled ones, name by name."""
    loaders = [FileSystemLoader(str(template_dir))] if template_dir else []
    loaders.append(FileSystemLoader(str(TEMPLATE_DIR)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["http_href"] = http_href
    env.filters["number"] = _format_number
    env.filters["when"] = _format_time
    env.filters["evidence_items"] = _evidence_items
    env.filters["status_text"] = _status_text
    env.globals["check_info"] = check_info
    return env


# -- model -------------------------------------------------------------------------------


def _load_pages(pages: Iterable[Page]) -> dict[str, Page]:
    """Keep what the report shows of each page; body text and links are dropped."""
    kept: dict[str, Page] = {}
    for page in pages:
        page.blocks = []
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
    """Checks with findings, worst first: severity, then most findings, then title."""
    rows = []
    for check, items in by_check.items():
        worst = min((f.severity for f in items), key=lambda s: s.rank)
        rows.append(
            CheckSummary(
                info=check_info(check),
                file=files[check],
                severity=worst,
                findings=len(items),
                pages=len({f.url for f in items}),
            )
        )
    rows.sort(key=lambda r: (r.severity.rank, -r.findings, r.info.title, r.info.id))
    return rows


def _status_counts(pages: Iterable[Page]) -> list[tuple[str, int]]:
    counts = Counter(status_class(p) for p in pages)
    rows = [(label, counts.get(label, 0)) for label in _STATUS_CLASSES]
    if counts.get("other"):
        rows.append(("other", counts["other"]))
    return rows


def _severity_counts(findings: Iterable[Finding]) -> list[tuple[Severity, int]]:
    counts = Counter(f.severity for f in findings)
    return [(s, counts.get(s, 0)) for s in Severity]


def _stat_rows(run: CrawlRun) -> list[tuple[str, str]]:
    """Whatever statistics the crawl recorded, known keys first with friendly labels."""
    keys = [k for k in _STAT_LABELS if k in run.stats]
    keys += sorted(k for k in run.stats if k not in _STAT_LABELS)
    rows = [(_STAT_LABELS.get(k, k.replace("_", " ").capitalize()), run.stats[k]) for k in keys]
    if not any(k in run.stats for k in ("elapsed_s", "duration_s")):
        seconds = _duration_s(run)
        if seconds is not None:
            rows.insert(0, ("Duration (seconds)", seconds))
    return [(label, _format_number(value)) for label, value in rows]


def _duration_s(run: CrawlRun) -> float | None:
    try:
        start = datetime.fromisoformat(run.started_at)
        end = datetime.fromisoformat(run.finished_at or "")
    except ValueError:
        return None
    return (end - start).total_seconds()


# -- filters -----------------------------------------------------------------------------


def _format_number(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _format_time(value: str | None) -> str:
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    zone = moment.strftime(" %Z") if moment.tzinfo else ""
    return moment.strftime("%Y-%m-%d %H:%M:%S") + zone


def _evidence_items(evidence: dict[str, object]) -> list[tuple[str, str, str | None]]:
    """(key, text, href) for each evidence entry; href only for http(s) URLs."""
    items = []
    for key in sorted(evidence):
        value = evidence[key]
        if value is None:
            text = "—"
        elif isinstance(value, str):
            text = value
        elif isinstance(value, int | float):
            text = _format_number(value)
        else:
            text = json.dumps(value, ensure_ascii=False, default=str)
        items.append((str(key).replace("_", " "), text, http_href(value)))
    return items


def _status_text(page: Page) -> str:
    if page.status <= 0:
        return f"no response ({page.error})" if page.error else "no response"
    if page.error:
        return f"{page.status} ({page.error})"
    return str(page.status)


# -- output ------------------------------------------------------------------------------


def _dump(
    env: Environment, name: str, path: Path, common: dict[str, object], **context: object
) -> None:
    # stream() renders chunk by chunk, so a large page is never held whole in memory
    env.get_template(name).stream({**common, **context}).dump(str(path), encoding="utf-8")


def _swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging``; the old report is gone only once the new is in."""
    old = final.with_name(f".report-old-{uuid.uuid4().hex}.tmp")
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)
