"""A crawl cut short (Ctrl-C, the page limit) is marked partial: the store says so, the report
shows a banner, whole-site checks are held back and it is compared only with partial crawls."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from siteaudit.core.checks import CHECKS
from siteaudit.core.completeness import PartialCrawl, hold_back, partial_reason
from siteaudit.core.records import CrawlEvent, Finding, Severity
from siteaudit.store import Store
from tests.e2e.test_interrupt_resume import _site, _wait_for_pages
from tests.helpers import REPO, run_siteaudit
from tests.site_server import serve_site


def _document(output: Path) -> dict[str, object]:
    return json.loads((output / "findings.json").read_text(encoding="utf-8"))


def _checks(document: dict[str, object]) -> set[str]:
    return {str(f["check"]) for f in document["findings"]}  # type: ignore[attr-defined]


def _banner(output: Path) -> str | None:
    soup = BeautifulSoup((output / "report" / "index.html").read_text("utf-8"), "html.parser")
    banner = soup.find(id="partial-crawl")
    return " ".join(banner.get_text(" ").split()) if banner else None


def test_the_rule_status_stats_or_a_page_limit_event_make_a_crawl_partial() -> None:
    assert partial_reason("interrupted", {}) == "interrupted"
    assert partial_reason("finished", {"partial": "page-limit"}) == "page-limit"
    assert partial_reason("finished", {}, [CrawlEvent("page-limit", "http://x/")]) == "page-limit"
    assert partial_reason("finished", {}, [CrawlEvent("query-trap", "http://x/")]) is None
    deep = Finding("deep-page", Severity.NOTICE, "http://x/a", "deep")
    broken = Finding("broken-link", Severity.ERROR, "http://x/a", "broken")
    assert hold_back([deep, broken, deep]) == ([broken], {"deep-page": 2})
    assert CHECKS["related-links-few"].needs_complete_crawl
    assert CHECKS["orphan-page"].needs_complete_crawl
    assert not CHECKS["broken-link"].needs_complete_crawl
    assert PartialCrawl("page-limit", 1200).describe() == (
        "Partial crawl (stopped at the page limit, 1,200 URLs)"
    )


def test_a_page_limit_cut_is_partial_holds_back_whole_site_checks_and_is_not_compared(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path / "site")
    out = tmp_path / "out"
    with serve_site(root) as base:
        full = run_siteaudit("crawl", base + "/", "-o", str(out))
        assert full.returncode == 0, full.stderr
        assert _banner(out) is None
        complete = _document(out)
        assert "deep-page" in _checks(complete)  # a chain of 100 pages: many are deep

        cut = run_siteaudit("crawl", base + "/", "-o", str(out), "--max-pages", "30")
        assert cut.returncode == 0, cut.stderr
        second = run_siteaudit("crawl", base + "/", "-o", str(out), "-q")
        assert second.returncode == 0, second.stderr

    with Store.in_folder(out, create=False) as store:
        first_run, cut_run, last_run = store.crawls()
    assert cut_run.stats["partial"] == "page-limit"
    assert "partial" not in first_run.stats and "partial" not in last_run.stats
    held = cut_run.stats["held_back"]
    assert isinstance(held, dict) and held.get("deep-page", 0) > 0
    assert all(CHECKS[check].needs_complete_crawl for check in held)
    stored = {f.check for f in _stored_findings(out, cut_run.id)}
    assert not any(CHECKS[check].needs_complete_crawl for check in stored)
    # The terminal names it and says why the score is not comparable.
    assert "Partial crawl (stopped at the page limit" in cut.stdout
    assert "held back" in cut.stdout and "deep-page" in cut.stdout

    # The last (complete) crawl is compared with the first, not with the partial one: the
    # 70 pages the cut crawl never fetched are not "added" again.
    changes = BeautifulSoup((out / "report" / "changes.html").read_text("utf-8"), "html.parser")
    assert changes.h1 is not None
    assert changes.h1.get_text(strip=True) == f"Changes since crawl #{first_run.id}"


def _stored_findings(output: Path, crawl_id: int) -> list[Finding]:
    with Store.in_folder(output, create=False) as store:
        return store.findings(crawl_id)


def test_an_interrupted_crawl_report_has_a_banner_and_no_whole_site_findings(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path / "site")
    out = tmp_path / "cut"
    slow = ["--delay", "0.05", "--per-host", "1"]
    with serve_site(root) as base:
        proc = subprocess.Popen(
            [sys.executable, "-m", "siteaudit", "crawl", base + "/", "-o", str(out), *slow],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_for_pages(out / "siteaudit.db", at_least=20)
        proc.send_signal(signal.SIGINT)
        stdout, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    banner = _banner(out)
    assert banner is not None and banner.startswith("Partial crawl (interrupted,")
    assert "not compared with complete crawls" in banner
    assert "siteaudit crawl --resume" in banner
    document = _document(out)
    stats = document["crawl"]["stats"]  # type: ignore[index]
    assert stats["partial"] == "interrupted"
    assert all(CHECKS[c].needs_complete_crawl for c in stats["held_back"])
    assert not any(CHECKS[c].needs_complete_crawl for c in _checks(document))
    assert "Partial crawl (interrupted" in stdout
