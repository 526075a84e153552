"""findings.json: valid, documented shape, deterministic order, written atomically."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from siteaudit.reports import write_findings_json

from siteaudit.core.records import Finding, Severity
from siteaudit.core.version import __version__

if TYPE_CHECKING:  # fixtures' types; pytest loads conftest itself
    from conftest import Audit

SITE = "https://help.example.org"


def write(audit: Audit, path: Path, findings: list[Finding] | None = None) -> Path:
    findings = audit.findings if findings is None else findings
    return write_findings_json(audit.run, findings, path, page_count=7)


def test_writes_valid_json_with_documented_sections(audit: Audit, tmp_path: Path) -> None:
    path = write(audit, tmp_path / "findings.json")

    doc = json.loads(path.read_text(encoding="utf-8"))

    assert list(doc) == ["tool", "schema", "crawl", "summary", "groups", "findings"]
    assert doc["tool"] == {"name": "siteaudit", "version": __version__}
    assert doc["schema"] == 1
    assert doc["crawl"]["id"] == audit.crawl_id
    assert doc["crawl"]["status"] == "finished"
    assert doc["crawl"]["start_urls"] == [f"{SITE}/"]
    assert doc["crawl"]["stats"]["elapsed_s"] == 12.5
    assert doc["crawl"]["started_at"] and doc["crawl"]["finished_at"]
    assert doc["findings"][0].keys() == {*audit.findings[0].to_dict(), "group"}


def test_summary_counts_pages_severities_and_checks(audit: Audit, tmp_path: Path) -> None:
    doc = json.loads(write(audit, tmp_path / "findings.json").read_text(encoding="utf-8"))

    summary = doc["summary"]
    assert summary["pages"] == 7
    assert summary["findings"] == len(audit.findings)
    assert summary["by_severity"] == {"error": 3, "warning": 1, "notice": 3}
    assert summary["by_check"] == dict(sorted(Counter(f.check for f in audit.findings).items()))


def test_findings_sorted_by_severity_check_url_then_target(audit: Audit, tmp_path: Path) -> None:
    doc = json.loads(write(audit, tmp_path / "findings.json").read_text(encoding="utf-8"))

    keys = [(Severity(f["severity"]).rank, f["check"], f["url"]) for f in doc["findings"]]
    assert keys == sorted(keys)
    assert doc["findings"][0]["check"] == "broken-link"
    assert doc["findings"][-1]["check"] == "robots-blocked"


def test_same_findings_in_any_order_give_identical_files(audit: Audit, tmp_path: Path) -> None:
    findings = [
        *audit.findings,
        # same check, URL and element: only the target tells them apart
        Finding("broken-link", Severity.ERROR, f"{SITE}/b", "404", "a", evidence={"target": "z"}),
        Finding("broken-link", Severity.ERROR, f"{SITE}/b", "404", "a", evidence={"target": "y"}),
    ]
    first = write(audit, tmp_path / "one.json", findings).read_bytes()

    for seed in range(5):
        shuffled = findings[:]
        random.Random(seed).shuffle(shuffled)
        assert write(audit, tmp_path / "two.json", shuffled).read_bytes() == first
    targets = [f["evidence"].get("target") for f in json.loads(first)["findings"]]
    assert targets.index("y") + 1 == targets.index("z")


def test_evidence_keys_are_sorted(audit: Audit, tmp_path: Path) -> None:
    finding = Finding("x", Severity.NOTICE, SITE, "m", evidence={"b": 1, "a": 2, "c": 3})

    doc = json.loads(write(audit, tmp_path / "f.json", [finding]).read_text(encoding="utf-8"))

    assert list(doc["findings"][0]["evidence"]) == ["a", "b", "c"]


def test_no_findings_still_lists_every_severity(audit: Audit, tmp_path: Path) -> None:
    doc = json.loads(write(audit, tmp_path / "f.json", []).read_text(encoding="utf-8"))

    assert doc["summary"]["by_severity"] == {"error": 0, "warning": 0, "notice": 0}
    assert doc["summary"]["by_check"] == {}
    assert doc["findings"] == []


def test_non_ascii_is_written_as_utf8(audit: Audit, tmp_path: Path) -> None:
    finding = Finding("title-duplicate", Severity.WARNING, f"{SITE}/zh", "标题重复")

    raw = write(audit, tmp_path / "f.json", [finding]).read_bytes()

    assert "标题重复".encode() in raw


def test_write_replaces_file_and_leaves_no_temp_file(audit: Audit, tmp_path: Path) -> None:
    out = tmp_path / "ci" / "findings.json"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")

    returned = write(audit, out)

    assert returned == out
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["findings"] == 7
    assert [p.name for p in out.parent.iterdir()] == ["findings.json"]


def test_creates_missing_parent_folders(audit: Audit, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "findings.json"

    write(audit, out)

    assert out.is_file()


def test_failed_write_keeps_the_old_file_and_leaves_no_temp_file(
    audit: Audit, tmp_path: Path
) -> None:
    out = tmp_path / "findings.json"
    write(audit, out)
    before = out.read_bytes()
    loop: dict[str, object] = {}
    loop["self"] = loop  # cannot be serialised
    bad = Finding("x", Severity.NOTICE, SITE, "m", evidence={"loop": loop})

    with pytest.raises(ValueError):
        write(audit, out, [bad])

    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "store"] == ["findings.json"]


def test_sort_key_compares_evidence_only_to_break_a_tie() -> None:
    from siteaudit.reports.json_report import finding_sort_key

    def finding(evidence: dict[str, object]) -> Finding:
        return Finding("c", Severity.NOTICE, SITE, "same", evidence=evidence)

    items = [finding({"n": n, "k": [n % 3]}) for n in (5, 1, 12, 3)]
    expected = sorted(items, key=lambda f: json.dumps(f.evidence, sort_keys=True))
    assert sorted(items, key=finding_sort_key) == expected
    assert finding_sort_key(items[0]) == finding_sort_key(finding({"k": [2], "n": 5}))


def test_findings_are_sorted_once_and_presorted_ones_are_kept_as_they_are() -> None:
    from siteaudit.reports.json_report import finding_sort_key, in_report_order

    findings = [
        Finding(check, severity, f"{SITE}/{n}", "m")
        for n in range(5)
        for check, severity in (("b-check", Severity.NOTICE), ("a-check", Severity.ERROR))
    ]
    random.Random(2).shuffle(findings)
    ordered = in_report_order(findings)
    assert list(ordered) == sorted(findings, key=finding_sort_key)
    assert ordered[0].severity == Severity.ERROR
    assert in_report_order(ordered) is ordered


def test_findings_about_one_link_target_form_one_group_with_its_linking_places(
    audit: Audit, tmp_path: Path
) -> None:
    doc = json.loads(write(audit, tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert doc["summary"]["groups"] == len(doc["groups"]) == 4
    gone = doc["groups"][0]
    assert (gone["check"], gone["target"], gone["inlinks"], gone["status"]) == (
        "broken-link",
        f"{SITE}/gone",
        2,
        404,
    )
    assert gone["places"] == [
        {"url": f"{SITE}/", "anchor": "how to", "line": None, "column": None},
        {"url": f"{SITE}/a", "anchor": None, "line": None, "column": None},
    ]
    # The per-page records stay, each naming its group; page checks have no group.
    members = [f for f in doc["findings"] if f.get("group") == gone["id"]]
    assert [f["url"] for f in members] == [f"{SITE}/", f"{SITE}/a"]
    title = next(f for f in doc["findings"] if f["check"] == "title-duplicate")
    assert "group" not in title
    assert {g["check"] for g in doc["groups"]} == {
        "broken-link",
        "broken-related-link",
        "robots-blocked",
        "redirected-link",
    }
