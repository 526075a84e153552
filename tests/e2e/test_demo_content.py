"""End to end: the demo crawl's content checks find every planted issue-4 problem, no look-alike.

The demo is crawled once through the real CLI; the content families then run on the stored
crawl (the same functions `siteaudit report` runs), and the test also runs `siteaudit terms`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from siteaudit.analysis.content_checks import check_content
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.duplicates import check_duplicates
from siteaudit.analysis.glossary import load_glossary
from siteaudit.analysis.terms import check_terms

from siteaudit.cli.terms import terms
from siteaudit.core.records import Finding
from siteaudit.store import Store
from tests.helpers import REPO, run_siteaudit

PLANTED = json.loads((REPO / "tools" / "demo_site" / "planted.json").read_text(encoding="utf-8"))


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _planted(kind: str) -> list[dict]:
    found = [p for p in PLANTED["problems"] if p["kind"] == kind and p["issue"] == 4]
    assert found, f"the demo site plants no {kind}"
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[Finding]]]:
    out = tmp_path_factory.mktemp("demo-content")
    result = run_siteaudit("demo", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    by_check: dict[str, list[Finding]] = defaultdict(list)
    with Store.in_folder(out, create=False) as store:
        context = AnalysisContext(AuditData.load(store))
        for family in (check_terms, check_duplicates, check_content):
            for finding in family(context):
                by_check[finding.check].append(finding)
    return out, by_check


def _pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(_path(f.url), _path(str(f.evidence["target"]))) for f in findings}


def test_every_planted_variant_occurrence_is_found_with_its_count_and_nothing_else(demo) -> None:
    _, found = demo
    planted = {
        (p["page"], p["element"], p["variant"]): (p["preferred"], p["count"])
        for p in _planted("term-variant")
    }
    got = {
        (_path(f.url), f.element, f.evidence["variant"]): (
            f.evidence["preferred"],
            f.evidence["count"],
        )
        for f in found["term-variant"]
    }
    assert got == planted
    assert all("«" in (f.snippet or "") for f in found["term-variant"])


def test_no_look_alike_is_flagged(demo) -> None:
    _, found = demo
    lookalikes = {p["text"] for p in _planted("lookalike")}
    words = {w for text in lookalikes for w in text.split()}
    for finding in found["term-variant"]:
        assert finding.evidence["variant"] not in words | lookalikes
        assert finding.evidence["preferred"] not in words | lookalikes


def test_every_exact_duplicate_pair_is_found(demo) -> None:
    _, found = demo
    pairs = _pairs(found["duplicate-page"])
    for planted in _planted("exact-duplicate"):
        a, b = planted["pages"]
        assert {(a, b), (b, a)} <= pairs
    assert len(pairs) == 2 * len(_planted("exact-duplicate"))


def test_every_near_duplicate_pair_is_found_with_similarity_and_differences(demo) -> None:
    _, found = demo
    pairs = _pairs(found["near-duplicate-page"])
    # Each pair once, in one direction or the other.
    assert {frozenset(p) for p in pairs} == {
        frozenset(planted["pages"]) for planted in _planted("near-duplicate")
    }
    assert len(pairs) == len(_planted("near-duplicate"))
    for finding in found["near-duplicate-page"]:
        assert 0.7 <= finding.evidence["similarity"] < 1
        assert finding.evidence["only_here"] and finding.evidence["only_there"]


def test_titles_equal_once_term_variants_are_mapped_are_found(demo) -> None:
    _, found = demo
    pairs = _pairs(found["title-near-duplicate"])
    for planted in _planted("title-near-duplicate"):
        a, b = planted["pages"]
        assert {(a, b), (b, a)} <= pairs


def test_every_thin_page_is_found(demo) -> None:
    _, found = demo
    thin = {_path(f.url): f.evidence["words"] for f in found["thin-content"]}
    for planted in _planted("thin-content"):
        assert thin[planted["page"]] == planted["words"]
    assert not [p for p in thin if p.startswith("/faq/") and p.endswith("/")]  # section hubs


def test_terms_command_prints_clusters_and_writes_a_glossary_that_loads(demo) -> None:
    out, _ = demo
    glossary = out / "starter.toml"
    result = CliRunner().invoke(terms, [str(out), "--write", str(glossary)])
    assert result.exit_code == 0, result.output
    assert "Kapai (" in result.output and "KerPai" in result.output
    loaded = load_glossary(glossary)
    assert {t.preferred for t in loaded.terms} == set(PLANTED["terms"])
    again = CliRunner().invoke(terms, [str(out), "--glossary", str(glossary), "-w", str(glossary)])
    assert again.exit_code == 0 and "[glossary]" in again.output


def test_terms_command_reports_a_bad_glossary_in_one_line(demo, tmp_path: Path) -> None:
    out, _ = demo
    bad = tmp_path / "bad.toml"
    bad.write_text('[[term]]\npreferred = "Kapai"\ntests = [["Ka Pai", "Kapai"]]\n')
    result = CliRunner().invoke(terms, [str(out), "--glossary", str(bad)])
    assert result.exit_code == 2
    assert 'entry "Kapai": self-test failed' in result.output
