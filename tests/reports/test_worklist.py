"""worklist.csv / worklist.json: one row per fix, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import json
from itertools import count
from pathlib import Path

import pytest
from siteaudit.reports import worklist
from siteaudit.reports.editor import build_editor_sections
from siteaudit.reports.worklist import WORKLIST_COLUMNS, spreadsheet_safe, write_worklist

from siteaudit.core.checks import make_finding
from siteaudit.core.records import Finding, Page, Severity

SITE = "https://help.example.org"


def test_one_row_per_fix_in_csv_and_json(tmp_path: Path) -> None:
    findings = [
        Finding("h1-missing", Severity.WARNING, f"{SITE}/faq/a", "No H1"),
        Finding("title-missing", Severity.ERROR, f"{SITE}/faq/a", "No title"),
        Finding("noindex", Severity.NOTICE, f"{SITE}/blog/b", "noindex"),
    ]
    pages = {f"{SITE}/faq/a": Page(f"{SITE}/faq/a", 200, title='=HYPERLINK("x")')}

    csv_path, json_path = write_worklist(build_editor_sections(findings, pages), tmp_path)

    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(WORKLIST_COLUMNS)
    assert [(r["url"], r["fix"], r["check"]) for r in rows] == [
        (f"{SITE}/blog/b", "1", "noindex"),
        (f"{SITE}/faq/a", "1", "title-missing"),
        (f"{SITE}/faq/a", "2", "h1-missing"),
    ]
    assert rows[1]["page_title"] == '\'=HYPERLINK("x")'  # not a live formula
    assert all(r["status"] == "open" for r in rows)
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    assert len(doc["fixes"]) == 3
    assert doc["fixes"][1]["page_title"] == '=HYPERLINK("x")'  # JSON keeps the raw text


def test_spreadsheet_safe_quotes_formula_starts_only() -> None:
    assert [
        spreadsheet_safe(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "ok", None, 3)
    ] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\t=x",
        "ok",
        "",
        "3",
    ]


def test_a_target_linked_from_several_pages_is_one_fix_per_page(tmp_path: Path) -> None:
    # The SEO views group these by target; editors still fix each page on its own.
    findings = [
        make_finding(
            "broken-link", f"{SITE}/{page}", "Link goes to /gone: 404", evidence={"target": "/gone"}
        )
        for page in ("a", "b", "c")
    ]
    csv_path, _ = write_worklist(build_editor_sections(findings, {}), tmp_path)
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["url"], r["check"]) for r in rows] == [
        (f"{SITE}/{page}", "broken-link") for page in ("a", "b", "c")
    ]


def test_a_failure_half_way_keeps_the_last_worklists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = [Finding("h1-missing", Severity.WARNING, f"{SITE}/faq/{n}", "No H1") for n in "ab"]
    sections = build_editor_sections(findings, {})
    csv_path, json_path = write_worklist(sections, tmp_path)
    before = (csv_path.read_bytes(), json_path.read_bytes())

    calls = count()

    def failing(value: object) -> object:
        if next(calls) >= len(WORKLIST_COLUMNS):  # the second row: both files begun by then
            raise RuntimeError("disk full")
        return value

    monkeypatch.setattr(worklist, "spreadsheet_safe", failing)
    with pytest.raises(RuntimeError):
        write_worklist(sections, tmp_path)
    assert (csv_path.read_bytes(), json_path.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["worklist.csv", "worklist.json"]
