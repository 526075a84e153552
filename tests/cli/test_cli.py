"""The command line: help, exit codes and one-line errors."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from siteaudit.cli import main
from siteaudit.core.checks import CHECKS
from tests.helpers import REPO, free_port, html, run_siteaudit, write_site
from tests.site_server import serve_site

COMMANDS = sorted(main.commands)
SARIF_SCHEMA = json.loads(
    (REPO / "tests" / "reports" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and command in result.output


def test_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["crawl", "http://x.invalid/", "--max-pagez", "3"])
    assert result.exit_code == 2
    assert "No such option" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "ftp://example.invalid/"], "not an http(s) URL"),
        (["crawl"], "give a start URL"),
        (["crawl", "http://x.invalid/", "--exclude", "("], "bad regular expression"),
        (["crawl", "http://x.invalid/", "--include", r"(a)\1"], "backreferences are not"),
        (["crawl", "http://x.invalid/", "--exclude", "/a(?!b)"], "lookahead and lookbehind"),
        (["crawl", "http://x.invalid/", "--include", "(" * 5000 + ")" * 5000], "over the limit"),
        (["crawl", "http://x.invalid/", "--config", "missing.toml"], "config file not found"),
        (["report", "no-such-folder"], "no crawl database"),
        (["crawls", "no-such-folder"], "no crawl database"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_config_file_names_the_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "siteaudit.toml").write_text("[crawl]\nmax_pagez = 3\n")
    result = CliRunner().invoke(main, ["crawl", "http://x.invalid/"])
    assert result.exit_code == 2
    assert "siteaudit.toml: unknown option 'max_pagez'" in result.output


def test_unreachable_start_url_exits_2(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    result = run_siteaudit("crawl", url, "-o", str(tmp_path / "out"), "-q")
    assert result.returncode == 2
    assert "start URL unreachable" in result.stderr and "connection refused" in result.stderr
    assert "Traceback" not in result.stderr


def test_unwritable_output_folder_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_siteaudit("crawl", "http://127.0.0.1:9/", "-o", str(blocker / "out"), "-q")
    assert result.returncode == 2
    assert result.stderr.startswith("siteaudit: error:")
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = write_site(
        tmp_path_factory.mktemp("site"),
        {
            "index.html": html("Home", '<a href="/gone.html">gone</a><a href="/a.html">a</a>'),
            "a.html": html("A", ""),
        },
    )
    out = tmp_path_factory.mktemp("out")
    with serve_site(root) as base:
        result = run_siteaudit(
            "crawl",
            base + "/",
            "-o",
            str(out),
            "--fail-on",
            "error",
            "--write",
            f"sarif={out / 'ci' / 'crawl.sarif'}",
        )
    return out, result.returncode, result.stdout


def test_fail_on_error_exits_1_when_links_are_broken(crawled) -> None:
    _, code, stdout = crawled
    assert code == 1
    assert "Report: " in stdout
    # What failed to fetch and what the analysis found are named apart.
    assert "; 1 fetch error (no answer, or 4xx/5xx)." in stdout
    assert "Findings: 1 error finding, " in stdout
    # Checks by impact: the error check leads, whatever the notices' numbers.
    listed = stdout.split("Checks by impact (severity, then pages affected):\n")[1]
    assert listed.splitlines()[0].split()[0] == "error"


def test_report_reanalyses_without_crawling(crawled) -> None:
    out, _, _ = crawled
    (out / "findings.json").unlink()
    result = CliRunner().invoke(main, ["report", str(out), "-q"])
    assert result.exit_code == 0, result.output
    findings = json.loads((out / "findings.json").read_text())["findings"]
    assert [f["check"] for f in findings if f["severity"] == "error"] == ["broken-link"]


def test_report_files_follow_the_umask(crawled) -> None:
    out, _, _ = crawled
    result = run_siteaudit("report", str(out), "-q", umask=0o027)
    assert result.returncode == 0, result.stderr
    names = ("findings.json", "worklist.csv", "worklist.json", "report/index.html")
    modes = {name: stat.S_IMODE((out / name).stat().st_mode) for name in names}
    # Atomic writes go through temp files; the result must still get 0o666 & ~umask.
    assert modes == dict.fromkeys(names, 0o640)


def test_crawl_writes_sarif_with_registry_rules_for_its_findings(crawled) -> None:
    out, _, _ = crawled
    document = json.loads((out / "ci" / "crawl.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(document, SARIF_SCHEMA)
    run = document["runs"][0]
    findings = json.loads((out / "findings.json").read_text())["findings"]
    assert [r["ruleId"] for r in run["results"]] == [f["check"] for f in findings]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["broken-link"]["shortDescription"]["text"] == CHECKS["broken-link"].title
    assert rules["broken-link"]["help"]["text"] == CHECKS["broken-link"].fix
    broken = next(r for r in run["results"] if r["ruleId"] == "broken-link")
    assert broken["level"] == "error" and broken["properties"]["status"] == "404"


def test_report_writes_every_ci_format_from_the_same_findings(crawled, tmp_path: Path) -> None:
    out, _, _ = crawled
    writes = [f"--write={name}={tmp_path / name}" for name in ("json", "junit", "text", "github")]
    result = CliRunner().invoke(main, ["report", str(out), "-q", *writes])
    assert result.exit_code == 0, result.output
    findings = json.loads((out / "findings.json").read_text())["findings"]
    data = json.loads((tmp_path / "json").read_text(encoding="utf-8"))
    assert data["command"] == "report"
    assert [(p["check"], p["severity"]) for p in data["problems"]] == [
        (f["check"], f["severity"]) for f in findings
    ]
    suite = ET.fromstring((tmp_path / "junit").read_text(encoding="utf-8")).find("testsuite")
    assert suite is not None and suite.get("failures") == "1"  # the page with the broken link
    assert "[404]" in (tmp_path / "text").read_text(encoding="utf-8")
    assert (tmp_path / "github").read_text(encoding="utf-8").startswith("::error ")
    # every crawled URL is a page in every format, as in findings.json
    pages = json.loads((out / "findings.json").read_text())["summary"]["pages"]
    assert data["summary"]["pages"] == int(suite.get("tests") or 0) == pages
    assert (tmp_path / "text").read_text(encoding="utf-8").startswith(f"Audited {pages} pages")


def test_fail_on_says_why_the_run_exits_1(crawled) -> None:
    out, _, _ = crawled
    result = run_siteaudit("report", str(out), "-q", "--fail-on", "error")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "siteaudit: exit 1: 1 error finding, 1 of them links to 1 target (--fail-on error)"
    ]


def test_a_malformed_write_is_a_usage_error(crawled) -> None:
    out, _, _ = crawled
    result = CliRunner().invoke(main, ["report", str(out), "--write", "pdf=x.pdf"])
    assert result.exit_code == 2 and "--write" in result.output


def test_crawls_lists_stored_crawls(crawled) -> None:
    out, _, _ = crawled
    result = CliRunner().invoke(main, ["crawls", str(out)])
    assert result.exit_code == 0 and "finished" in result.output


def test_glossary_with_a_failing_self_test_exits_2(crawled, tmp_path: Path) -> None:
    out, _, _ = crawled
    glossary = tmp_path / "glossary.toml"
    glossary.write_text(
        '[[term]]\npreferred = "Kapai"\nvariants = ["Ka Pai"]\n'
        'tests = [["Ka Pai truck", "KaPai truck"]]\n'
    )
    result = CliRunner().invoke(main, ["report", str(out), "-q", "--glossary", str(glossary)])
    assert result.exit_code == 2
    assert 'entry "Kapai"' in result.output and "self-test failed" in result.output


def test_unknown_analysis_option_in_config_exits_2(crawled, tmp_path: Path) -> None:
    out, _, _ = crawled
    config = tmp_path / "siteaudit.toml"
    config.write_text("[analysis]\nnear_dup = 0.5\n")
    result = CliRunner().invoke(main, ["report", str(out), "-q", "--config", str(config)])
    assert result.exit_code == 2
    assert "unknown analysis option 'near_dup'" in result.output
