"""The command line: help, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from siteaudit.cli import main
from tests.helpers import free_port, html, run_siteaudit, write_site
from tests.site_server import serve_site

COMMANDS = sorted(main.commands)


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
        result = run_siteaudit("crawl", base + "/", "-o", str(out), "--fail-on", "error")
    return out, result.returncode, result.stdout


def test_fail_on_error_exits_1_when_links_are_broken(crawled) -> None:
    _, code, stdout = crawled
    assert code == 1
    assert "Report: " in stdout and "1 errors" in stdout


def test_report_reanalyses_without_crawling(crawled) -> None:
    out, _, _ = crawled
    (out / "findings.json").unlink()
    result = CliRunner().invoke(main, ["report", str(out), "-q"])
    assert result.exit_code == 0, result.output
    findings = json.loads((out / "findings.json").read_text())["findings"]
    assert [f["check"] for f in findings if f["severity"] == "error"] == ["broken-link"]


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
