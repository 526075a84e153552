"""Fixtures: a small crawl store in tmp_path with hand-made pages and findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.reports.model import ReportModel

from siteaudit.app.audit import build_report_model
from siteaudit.core.records import CrawlRun, Finding, Page, Severity
from siteaudit.core.suppression import SuppressionResult
from siteaudit.store import Store
from tests.browser import Tab, launch_chromium

SITE = "https://help.example.org"


@dataclass
class Audit:
    """A stored crawl plus the findings the analysis would hand to the renderers."""

    store: Store
    crawl_id: int
    findings: list[Finding]
    out_dir: Path

    @property
    def run(self) -> CrawlRun:
        return self.store.crawl(self.crawl_id)

    def model(self, suppression: SuppressionResult | None = None) -> ReportModel:
        """The report model of these findings (``suppression``: what was hidden)."""
        return report_model(self.store, self.crawl_id, self.findings, suppression)


def store_crawl(store: Store, pages: list[Page], stats: dict[str, object] | None = None) -> int:
    """Record a finished crawl of ``pages`` and return its id."""
    crawl_id = store.begin_crawl([f"{SITE}/"], {"max_pages": 1000})
    store.add_pages(crawl_id, pages)
    store.finish_crawl(crawl_id, "finished", stats or {})
    return crawl_id


def report_model(
    store: Store,
    crawl_id: int,
    findings: list[Finding],
    suppression: SuppressionResult | None = None,
) -> ReportModel:
    """The model the app builds for these findings: the crawl analysed in one run."""
    context = AnalysisContext(AuditData.load(store, crawl_id))
    return build_report_model(store, context, findings, suppression)


def sample_pages() -> list[Page]:
    return [
        Page(f"{SITE}/", 200, title="Help centre", h1=["Help centre"], found_via="start"),
        Page(
            f"{SITE}/a",
            200,
            title="<script>alert(1)</script>",
            h1=["Reset <b>your</b> password"],
            depth=1,
            found_on=f"{SITE}/",
        ),
        Page(f"{SITE}/b", 200, title="Billing", h1=["Billing"], depth=1, found_on=f"{SITE}/"),
        Page(f"{SITE}/old", 301, location=f"{SITE}/b", depth=1, found_on=f"{SITE}/a"),
        Page(f"{SITE}/gone", 404, depth=2, found_on=f"{SITE}/a"),
        Page(f"{SITE}/crash", 500, depth=2, found_on=f"{SITE}/b"),
        Page(f"{SITE}/slow", 0, error="timeout", depth=2, found_on=f"{SITE}/b"),
    ]


def sample_findings() -> list[Finding]:
    return [
        Finding(
            "broken-link",
            Severity.ERROR,
            f"{SITE}/",
            "Link to a page that answers 404",
            element="a",
            snippet="Read <em>how to</em> reset",
            evidence={"target": f"{SITE}/gone", "status": 404, "anchor": "how to"},
        ),
        Finding(
            "broken-link",
            Severity.ERROR,
            f"{SITE}/a",
            "Link to a page that answers 404",
            element="a",
            evidence={"target": f"{SITE}/gone", "status": 404},
        ),
        Finding(
            "broken-related-link",
            Severity.ERROR,
            f"{SITE}/a",
            "Recommended article answers 500",
            element="related link 2",
            snippet='Recommended for You: <img src=x onerror="alert(1)">',
            fix="Replace the entry with a live article.",
            evidence={"target": f"{SITE}/crash", "status": 500},
        ),
        Finding(
            "robots-blocked",
            Severity.NOTICE,
            f"{SITE}/a",
            "Link to a URL robots.txt disallows",
            element="a",
            evidence={"target": "javascript:alert(1)"},
        ),
        Finding(
            "title-duplicate",
            Severity.WARNING,
            f"{SITE}/b",
            "Title shared with 1 other page",
            element="title",
            snippet="Billing",
        ),
        Finding(
            "redirected-link",
            Severity.NOTICE,
            f"{SITE}/b",
            "Link points at a redirect",
            element="a",
            evidence={"target": f"{SITE}/old", "status": 301},
        ),
        Finding(
            "meta-description-missing",
            Severity.NOTICE,
            f"{SITE}/",
            "No meta description",
            element="meta",
        ),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    folder = tmp_path / "store"
    folder.mkdir()
    with Store.in_folder(folder) as s:
        yield s


MakeAudit = Callable[..., Audit]


@pytest.fixture
def make_audit(store: Store, tmp_path: Path) -> MakeAudit:
    """Factory: store a crawl of the given pages and pair it with the given findings."""

    def make(
        pages: list[Page], findings: list[Finding], stats: dict[str, object] | None = None
    ) -> Audit:
        return Audit(store, store_crawl(store, pages, stats), findings, tmp_path / "out")

    return make


@pytest.fixture
def audit(make_audit: MakeAudit) -> Audit:
    """The sample help site: seven URLs, seven findings across six checks."""
    stats = {"pages_crawled": 7, "elapsed_s": 12.5, "pages_per_s": 0.56, "errors": 1}
    return make_audit(sample_pages(), sample_findings(), stats)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium per test module."""
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    """A fresh page in it, recording errors and requests."""
    t = Tab(browser)
    yield t
    t.page.close()
