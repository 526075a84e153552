"""End to end: `siteaudit demo` crawls the bundled site and finds every planted issue-2 problem."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.demo_golden import golden_summary
from tests.helpers import REPO, run_siteaudit, stored_pages

GOLDEN = Path(__file__).parent / "data" / "demo_findings_golden.json"
PLANTED = json.loads((REPO / "tools" / "demo_site" / "planted.json").read_text(encoding="utf-8"))


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _planted(kind: str) -> list[dict]:
    found = [p for p in PLANTED["problems"] if p["kind"] == kind and p["issue"] == 2]
    assert found, f"the demo site plants no {kind}"
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict]]]:
    out = tmp_path_factory.mktemp("demo")
    result = run_siteaudit("demo", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert "Report:" in result.stdout
    by_check: dict[str, list[dict]] = defaultdict(list)
    for finding in json.loads((out / "findings.json").read_text())["findings"]:
        finding["path"] = _path(finding["url"])
        target = finding["evidence"].get("target")
        finding["target_path"] = _path(target) if isinstance(target, str) else None
        by_check[finding["check"]].append(finding)
    return out, by_check


def _pairs(findings: list[dict]) -> set[tuple[str, str | None]]:
    return {(f["path"], f["target_path"]) for f in findings}


def test_report_is_written(demo) -> None:
    out, _ = demo
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "broken-related-link" in index or "Broken related-article link" in index


def test_every_planted_broken_link_is_found_and_nothing_else(demo) -> None:
    _, found = demo
    planted = _planted("broken-link")
    related = {(p["page"], p["target"]) for p in planted if p["region"] == "related"}
    other = {(p["page"], p["target"]) for p in planted if p["region"] != "related"}
    assert _pairs(found["broken-related-link"]) == related
    loop_links = {(p["page"], p["url"]) for p in _planted("redirect-loop")}
    assert _pairs(found["broken-link"]) == other | loop_links


def test_redirects_chains_and_loops(demo) -> None:
    _, found = demo
    for p in _planted("redirected-link"):
        match = [
            f
            for f in found["redirected-link"]
            if (f["path"], f["target_path"]) == (p["page"], p["target"])
        ]
        assert match and _path(match[0]["evidence"]["final"]) == p["final"]
    chains = {f["path"]: [_path(u) for u in f["evidence"]["hops"]] for f in found["redirect-chain"]}
    for p in _planted("redirect-chain"):
        assert chains[p["url"]] == p["hops"]
    for p in _planted("redirect-loop"):
        # Linked from a page: reported once, as the broken link into it, with the cycle.
        (loop,) = [
            f
            for f in found["broken-link"]
            if (f["path"], f["target_path"]) == (p["page"], p["url"])
        ]
        assert {_path(u) for u in loop["evidence"]["hops"]} == set(p["cycle"])
    assert not found.get("redirect-loop")


@pytest.mark.parametrize(
    "kind",
    [
        "title-missing",
        "meta-description-missing",
        "h1-missing",
        "h1-multiple",
        "noindex",
        "orphan-page",
        "legacy-encoding",
        "image-missing-alt",
    ],
)
def test_planted_page_problems_are_found_on_their_page(demo, kind: str) -> None:
    _, found = demo
    assert {p["page"] for p in _planted(kind)} <= {f["path"] for f in found[kind]}


def test_title_h1_mismatches_are_found_without_false_alarms(demo) -> None:
    _, found = demo
    assert {f["path"] for f in found["title-h1-mismatch"]} == {
        p["page"] for p in _planted("title-h1-mismatch")
    }


def test_duplicate_titles_are_found(demo) -> None:
    _, found = demo
    flagged = {f["path"] for f in found["title-duplicate"]}
    for p in _planted("title-duplicate"):
        assert set(p["pages"]) <= flagged


def test_related_links_to_noindex_pages_and_robots_blocked_links(demo) -> None:
    _, found = demo
    for kind in ("noindex-linked-as-related", "robots-blocked"):
        assert {(p["page"], p["target"]) for p in _planted(kind)} <= _pairs(found[kind])


def test_query_trap_is_reported_and_the_crawl_stays_bounded(demo) -> None:
    out, found = demo
    (trap,) = _planted("query-trap")
    assert {f["path"] for f in found["query-trap"]} == {trap["url"]}
    calendar = [u for u in stored_pages(out) if _path(u).startswith(trap["url"])]
    assert 0 < len(calendar) <= 51


def test_every_listed_page_was_crawled(demo) -> None:
    out, _ = demo
    crawled = {_path(u) for u in stored_pages(out)}
    assert {p["path"] for p in PLANTED["pages"]} <= crawled


def test_legacy_encoding_page_is_decoded(demo) -> None:
    out, _ = demo
    (planted,) = _planted("legacy-encoding")
    pages = {_path(u): p for u, p in stored_pages(out).items()}
    assert pages[planted["page"]].title == planted["title"]


def test_demo_findings_match_the_golden_summary(demo) -> None:
    out, _ = demo
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = golden_summary(findings)
    assert actual["counts"] == expected["counts"]
    assert actual["sha256"] == expected["sha256"], "a finding's path, element or message changed"
