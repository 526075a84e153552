"""Crawl comparison: findings new/fixed/persisting, pages added/removed/changed, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from siteaudit.app.crawl_diff import (
    changed_findings,
    compare_crawls,
    diff_findings,
    previous_crawl_id,
)
from siteaudit.cli.report_extras import diff_command, parse_crawl_ref
from siteaudit.core.records import CrawlEvent, Finding, Page, Severity
from siteaudit.store import Store

OLD_SITE = "http://127.0.0.1:8001"
NEW_SITE = "http://127.0.0.1:9002"


def broken(site: str, page: str, target: str, message: str = "404") -> Finding:
    return Finding(
        "broken-link",
        Severity.ERROR,
        f"{site}{page}",
        message,
        "a",
        evidence={"target": f"{site}{target}"},
    )


def store_crawl(store: Store, site: str, pages: list[Page], findings: list[Finding]) -> int:
    crawl_id = store.begin_crawl([f"{site}/"], {})
    store.add_pages(crawl_id, pages)
    store.finish_crawl(crawl_id, "finished", {"analysis_s": 0.1})
    store.replace_findings(crawl_id, findings)
    return crawl_id


def two_crawls(folder: Path, old_site: str = OLD_SITE, new_site: str = NEW_SITE) -> None:
    """An old and a new crawl of the same site (served on another port the second time)."""
    folder.mkdir(parents=True, exist_ok=True)
    with Store.in_folder(folder) as store:
        store_crawl(
            store,
            old_site,
            [
                Page(f"{old_site}/", 200, title="Home"),
                Page(f"{old_site}/a", 200, title="Old title", canonical=f"{old_site}/a"),
                Page(f"{old_site}/b", 200, title="B"),
                Page(f"{old_site}/gone", 404),
            ],
            [broken(old_site, "/", "/gone"), broken(old_site, "/a", "/gone")],
        )
        store_crawl(
            store,
            new_site,
            [
                Page(f"{new_site}/", 200, title="Home"),
                Page(f"{new_site}/a", 200, title="New title", canonical=f"{new_site}/a"),
                Page(f"{new_site}/gone", 410),
                Page(f"{new_site}/c", 200, title="C"),
            ],
            [
                broken(new_site, "/", "/gone", message="410, reworded"),
                broken(new_site, "/c", "/gone"),
            ],
        )


def test_findings_are_matched_by_check_url_and_target() -> None:
    old = [broken(OLD_SITE, "/", "/x"), broken(OLD_SITE, "/", "/y")]
    new = [broken(OLD_SITE, "/", "/y", message="other words"), broken(OLD_SITE, "/", "/z")]

    added, fixed, persisting = diff_findings(old, new)

    assert [f.evidence["target"] for f in added] == [f"{OLD_SITE}/z"]
    assert [f.evidence["target"] for f in fixed] == [f"{OLD_SITE}/x"]
    assert [f.message for f in persisting] == ["other words"]  # as in the new crawl


def test_compare_crawls_reports_findings_pages_and_field_changes(tmp_path: Path) -> None:
    two_crawls(tmp_path)

    with Store.in_folder(tmp_path) as store:
        diff = compare_crawls(store, 1, store, 2)

    assert [f.url for f in diff.new_findings] == [f"{NEW_SITE}/c"]
    # the old crawl ran on another port: its URLs are rebased onto the new origin
    assert [f.url for f in diff.fixed_findings] == [f"{NEW_SITE}/a"]
    assert [f.url for f in diff.persisting_findings] == [f"{NEW_SITE}/"]
    assert diff.pages_added == [f"{NEW_SITE}/c"]
    assert diff.pages_removed == [f"{NEW_SITE}/b"]
    changes = {(c.field, c.url, c.old, c.new) for c in diff.changes}
    assert changes == {
        ("status", f"{NEW_SITE}/gone", 404, 410),
        ("title", f"{NEW_SITE}/a", "Old title", "New title"),
    }  # the canonical moved with the origin, so it did not change
    assert diff.summary()["status_changed"] == 1


def test_previous_crawl_is_the_one_stored_before(tmp_path: Path) -> None:
    two_crawls(tmp_path)

    with Store.in_folder(tmp_path) as store:
        assert previous_crawl_id(store, 2) == 1
        assert previous_crawl_id(store, 1) is None


def test_parse_crawl_ref_reads_folder_and_optional_id() -> None:
    assert parse_crawl_ref("out") == (Path("out"), None)
    assert parse_crawl_ref("out:3") == (Path("out"), 3)
    assert parse_crawl_ref("C:/audits/out") == (Path("C:/audits/out"), None)


def test_diff_command_prints_summary_and_writes_json(tmp_path: Path) -> None:
    two_crawls(tmp_path / "out")
    target = tmp_path / "diff.json"

    result = CliRunner().invoke(
        diff_command, [f"{tmp_path / 'out'}:1", f"{tmp_path / 'out'}:2", "--json", str(target)]
    )

    assert result.exit_code == 0, result.output
    assert "Findings: 1 new, 1 fixed, 1 persisting." in result.output
    assert "Pages: 1 added, 1 removed; 1 status, 1 title, 0 canonical changes." in result.output
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["summary"]["new_findings"] == 1
    assert doc["pages_added"] == [f"{NEW_SITE}/c"]


def test_diff_command_with_one_folder_compares_its_last_two_crawls(tmp_path: Path) -> None:
    two_crawls(tmp_path / "out")

    result = CliRunner().invoke(diff_command, [str(tmp_path / "out"), "--fail-on-new", "error"])

    assert "Crawl #1 -> #2" in result.output
    assert result.exit_code == 1  # a new error-level finding appeared


def test_diff_command_between_two_folders(tmp_path: Path) -> None:
    two_crawls(tmp_path / "a")
    two_crawls(tmp_path / "b")

    result = CliRunner().invoke(diff_command, [f"{tmp_path / 'a'}:1", str(tmp_path / "b")])

    assert result.exit_code == 0, result.output
    # Each folder numbers its crawls from 1: the folder names which crawl is which.
    assert f"Crawl {tmp_path / 'a'}:#1 -> {tmp_path / 'b'}:#2" in result.output


def test_diff_command_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(diff_command, [str(tmp_path / "nope"), str(tmp_path / "nope")])

    assert result.exit_code == 2
    assert "no such output folder" in result.output


def test_changed_findings_are_those_reworded_or_resevered_not_those_naming_another_sample() -> None:
    site = OLD_SITE
    old = [
        broken(site, "/", "/gone", "404"),
        broken(site, "/a", "/gone", "404"),
        Finding("query-trap", Severity.WARNING, f"{site}/cal", f"e.g. {site}/cal?m=1"),
    ]
    new = [
        broken(site, "/", "/gone", "410 Gone"),
        broken(site, "/a", "/gone", "404"),
        Finding("query-trap", Severity.WARNING, f"{site}/cal", f"e.g. {site}/cal?m=7"),
    ]
    assert [f.url for f in changed_findings(old, new)] == [f"{site}/"]


def test_pages_inside_a_reported_spider_trap_are_not_compared(tmp_path: Path) -> None:
    site = OLD_SITE
    with Store.in_folder(tmp_path) as store:
        ids = []
        for months in (("1", "2"), ("5", "6")):  # each crawl sampled other months
            pages = [Page(f"{site}/", 200, title="Home")]
            pages += [Page(f"{site}/cal?m={m}", 200, title="Cal") for m in months]
            crawl_id = store_crawl(store, site, pages, [])
            store.add_events(crawl_id, [CrawlEvent("query-trap", f"{site}/cal", "trap")])
            ids.append(crawl_id)
        diff = compare_crawls(store, ids[0], store, ids[1])
    assert diff.pages_added == diff.pages_removed == [] and diff.changes == []
