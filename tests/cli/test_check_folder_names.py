"""`check DIR` names pages by file and links by path, never by the loopback origin it serves
the folder on: every output format and the baseline are the same on every run."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from tests.helpers import html, run_siteaudit, write_site

FORMATS = ("text", "json", "junit", "sarif", "markdown", "github")


def folder_with_problems(root: Path) -> Path:
    """Broken links, a redirect chain and loop, a fragment, CSS, and one page under two URLs."""
    return write_site(
        root,
        {
            "index.html": html(
                "Home",
                '<a href="gone.html">gone</a> <a href="/old.html">old</a>\n'
                '<a href="/loop1">loop</a> <a href="docs/">docs</a>\n'
                '<a href="docs/guide.html#nowhere">nowhere</a>',
                head='<link rel="stylesheet" href="site.css">',
            ),
            "docs/index.html": html("Docs", '<a href="/">home</a> <a href="../missing.png">m</a>'),
            "docs/guide.html": html("Guide", '<a href="/index.html?from=guide">home</a>'),
            "site.css": "body {\n  background: url('img/bg.png');\n}\n",
            "_redirects": (
                "/old.html /a.html 301\n/a.html /b.html 301\n/b.html /docs/ 301\n"
                "/loop1 /loop2 301\n/loop2 /loop1 301\n"
            ),
        },
    )


def check(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_siteaudit("check", str(site), "--offline", *args, cwd=cwd)


def test_no_output_format_names_the_loopback_origin(tmp_path: Path) -> None:
    site = folder_with_problems(tmp_path / "site")
    writes = [f"--write={name}={tmp_path / ('out.' + name)}" for name in FORMATS]
    baseline = tmp_path / "baseline.json"
    result = check(site, "--format=json", f"--write-baseline={baseline}", *writes)
    assert result.returncode == 1, result.stderr
    outputs = {name: (tmp_path / f"out.{name}").read_text() for name in FORMATS}
    outputs["stdout"], outputs["baseline"] = result.stdout, baseline.read_text()
    for name, text in outputs.items():
        assert "127.0.0.1" not in text, (name, text)
    problems = json.loads(result.stdout)["problems"]
    chain = next(p for p in problems if p["check"] == "redirect-chain")
    assert chain["target"] == "/old.html -> /a.html -> /b.html -> /docs/"
    gone = next(p for p in problems if p["target"] == "/gone.html")
    assert (gone["page"], gone["file"]) == ("/index.html", "index.html")
    assert "goes to /gone.html" in gone["message"]


def test_two_baseline_runs_of_an_unchanged_folder_pass(tmp_path: Path) -> None:
    site = folder_with_problems(tmp_path / "site")
    baseline = tmp_path / "baseline.json"
    assert check(site, f"--write-baseline={baseline}").returncode == 1
    for _ in range(2):
        again = check(site, f"--baseline={baseline}", "--format=json")
        assert again.returncode == 0, again.stdout
        report = json.loads(again.stdout)
        assert report["fixed"] == []
        assert not any(p["new"] for p in report["problems"] if p["level"] == "error")


def test_baseline_keys_are_source_file_and_target_as_written(tmp_path: Path) -> None:
    site = folder_with_problems(tmp_path / "site")
    baseline = tmp_path / "baseline.json"
    check(site, f"--write-baseline={baseline}")
    failures = json.loads(baseline.read_text())["failures"]
    keys = {(f["check"], f["url"], f["target"]) for f in failures}
    assert ("broken-link", "index.html", "gone.html") in keys
    assert ("broken-link", "docs/index.html", "../missing.png") in keys
    assert ("broken-link", "site.css", "img/bg.png") in keys
    assert ("redirect-chain", "/old.html", "/old.html -> /a.html -> /b.html -> /docs/") in keys


def test_a_page_under_two_urls_reports_its_broken_links_once(tmp_path: Path) -> None:
    # index.html is crawled as /index.html, / and /index.html?from=guide.
    site = folder_with_problems(tmp_path / "site")
    result = check(site, "--format=json")
    report = json.loads(result.stdout)
    gone = [p for p in report["problems"] if p["target"] == "/gone.html"]
    assert len(gone) == 1
    files = (
        [name for name in report["pages"] if not name.startswith("/")] if "pages" in report else []
    )
    assert len(files) == len(set(files))  # each HTML file once
    assert report["summary"]["errors"] == len(
        [p for p in report["problems"] if p["level"] == "error"]
    )


def _git_repository(root: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_github_annotations_name_files_from_the_repository(tmp_path: Path) -> None:
    repo = _git_repository(tmp_path / "repo")
    site = folder_with_problems(repo / "build" / "public")
    (repo / "scripts").mkdir()
    # Run from a subfolder of the repository, with a relative folder argument.
    result = run_siteaudit(
        "check", "../build/public", "--offline", "--format=github", cwd=repo / "scripts"
    )
    gone = next(line for line in result.stdout.splitlines() if "/gone.html" in line)
    assert gone.startswith("::error file=build/public/index.html,line=")
    assert site.is_dir()


def test_files_are_named_from_the_working_directory_outside_a_repository(tmp_path: Path) -> None:
    folder_with_problems(tmp_path / "work" / "public")
    result = run_siteaudit("check", "public", "--offline", "--format=github", cwd=tmp_path / "work")
    gone = next(line for line in result.stdout.splitlines() if "/gone.html" in line)
    assert gone.startswith("::error file=public/index.html,line=")


def test_root_url_links_are_checked_as_local_files(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "index.html": html(
                "Home",
                '<a href="https://www.example.com/about.html">about</a>\n'
                '<a href="https://www.example.com/missing.html">missing</a>\n'
                '<img src="https://www.example.com/img/logo.png" alt="logo">',
            ),
            "about.html": html("About", ""),
            "img/logo.png": b"\x89PNG",
        },
    )
    # Not --offline: an unmapped link to example.com would be an external check.
    result = run_siteaudit(
        "check", str(site), "--root-url=https://www.example.com", "--format=json", "--no-cache"
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [(p["check"], p["target"]) for p in report["problems"]] == [
        ("broken-link", "/missing.html")
    ]
    assert report["summary"]["external"] == 0


def test_root_url_needs_a_folder(tmp_path: Path) -> None:
    result = run_siteaudit("check", "http://127.0.0.1:9/", "--root-url=https://example.com")
    assert result.returncode == 2
    assert result.stderr.startswith("siteaudit: error: --root-url applies to a folder")


_TEXT_FILES = (".html", ".json", ".csv", ".js")


def _store_text(output: Path) -> str:
    with sqlite3.connect(output / "siteaudit.db") as db:
        return "\n".join(db.iterdump())


def test_the_kept_store_and_html_report_name_site_paths(tmp_path: Path) -> None:
    site = folder_with_problems(tmp_path / "site")
    out = tmp_path / "out"
    result = check(site, "-o", str(out), "--format=json")
    assert result.returncode == 1, result.stderr
    # A second run into the same folder: its URLs meet the first run's renamed ones.
    again = check(site, "-o", str(out), "--format=json")
    assert again.returncode == 1, again.stderr
    assert json.loads(again.stdout)["summary"] == json.loads(result.stdout)["summary"] | {
        "elapsed_s": json.loads(again.stdout)["summary"]["elapsed_s"]
    }
    written = {p.name: p.read_text() for p in out.rglob("*.*") if p.suffix in _TEXT_FILES}
    assert {"index.html", "findings.json", "worklist.csv"} <= set(written)
    written["store"] = _store_text(out)
    for name, text in written.items():
        assert "127.0.0.1" not in text, name
    assert "/gone.html" in (out / "report" / "checks" / "broken-link.html").read_text()
    findings = (out / "findings.json").read_text()
    broken = [f for f in json.loads(findings)["findings"] if f["check"] == "broken-link"]
    assert any(f["url"] == "/index.html" and "/gone.html" in f["message"] for f in broken)


def test_the_kept_store_names_the_root_url(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"index.html": html("Home", '<a href="gone.html">gone</a> <a href="/a.html">a</a>')},
    )
    site.joinpath("a.html").write_text(html("A", '<a href="/">home</a>'))
    out = tmp_path / "out"
    result = check(site, "-o", str(out), "--root-url=https://docs.example.com/")
    assert result.returncode == 1, result.stderr
    stored = _store_text(out)
    assert "127.0.0.1" not in stored
    assert "https://docs.example.com/gone.html" in stored
    page = (out / "report" / "checks" / "broken-link.html").read_text()
    assert "https://docs.example.com/gone.html" in page
