"""Report outputs are written into a staging folder and replace the old ones all together."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from siteaudit.reports import render_html_report, write_findings_json
from siteaudit.reports.temp_file import staged_outputs

from siteaudit.core.records import Finding, Severity

if TYPE_CHECKING:  # fixtures' types; pytest loads conftest itself
    from conftest import Audit


def _write_all(audit: Audit, out: Path, findings_json: list[Finding] | None = None) -> None:
    """What ``analyse_crawl`` writes: the report, the worklist and findings.json."""
    with staged_outputs(out) as stage:
        render_html_report(audit.model(), stage)
        findings = audit.findings if findings_json is None else findings_json
        write_findings_json(audit.run, findings, stage / "findings.json", page_count=7)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_outputs_replace_the_old_ones_and_leave_nothing_stale(audit: Audit) -> None:
    out = audit.out_dir
    (out / "report").mkdir(parents=True)
    (out / "report" / "stale.html").write_text("from an older report", encoding="utf-8")
    (out / "findings.json").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("the user's", encoding="utf-8")

    _write_all(audit, out)

    names = sorted(p.name for p in out.iterdir())
    assert names == ["findings.json", "notes.txt", "report", "worklist.csv", "worklist.json"]
    assert not (out / "report" / "stale.html").exists()
    assert (out / "report" / "index.html").is_file()
    assert (out / "findings.json").read_text(encoding="utf-8").startswith("{")


def test_a_failure_after_the_report_is_rendered_keeps_every_old_output(audit: Audit) -> None:
    out = audit.out_dir
    _write_all(audit, out)
    before = _files(out)
    loop: dict[str, object] = {}
    loop["self"] = loop  # findings.json cannot hold it: its write fails, the report's did not
    bad = Finding("x", Severity.NOTICE, "https://help.example.org/", "m", evidence={"loop": loop})

    with pytest.raises(ValueError):
        _write_all(audit, out, findings_json=[bad])

    assert _files(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
