"""`siteaudit check` options CI users ask for: --remap, --status, --require-https,
--changed-files / --since, and the config file's [check] section.

Each runs the real command line on a small folder through tests/resolver_hook.py, so any
name that is not a loopback name fails to resolve and nothing leaves the machine.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.fault_server import serve_faults
from tests.helpers import html, write_site
from tests.resolver_hook import run_hooked


def _problems(done: subprocess.CompletedProcess[str]) -> dict[str, tuple[str, str, str]]:
    """target -> (check, level, status) of a JSON run."""
    assert done.returncode in (0, 1), done.stderr
    problems = json.loads(done.stdout)["problems"]
    return {p["target"]: (p["check"], p["level"], p["status"]) for p in problems}


def test_remap_checks_production_links_against_the_folder_and_another_server(
    tmp_path: Path,
) -> None:
    with serve_faults() as (live, hits):
        body = (
            '<a href="https://docs.example.com/guide.html#usage">guide</a>\n'
            '<a href="https://docs.example.com/guide.html#nowhere">part</a>\n'
            '<a href="https://docs.example.com/missing.html">missing</a>\n'
            '<a href="https://api.example.com/v1/ok">api</a>\n'
        )
        site = write_site(
            tmp_path / "site",
            {
                "index.html": html("Home", body),
                "guide.html": html("Guide", '<h2 id="usage">Usage</h2>'),
            },
        )
        done = run_hooked(
            "check", str(site), "--format", "json", "--no-cache",
            "--remap", r"^https://docs\.example\.com/ /",
            "--remap", rf"^https://api\.example\.com/v1/(\w+) {live}/\1",
        )  # fmt: skip
    problems = _problems(done)
    by_path = {target.split("/", 3)[-1]: value for target, value in problems.items()}
    assert by_path == {
        "missing.html": ("broken-link", "error", "404"),
        "guide.html#nowhere": ("missing-fragment", "error", "missing #nowhere"),
    }
    assert hits[("HEAD", "/ok")] == 1  # the API link was checked on the loopback server


def test_status_policy_relevels_or_drops_broken_links_by_status(tmp_path: Path) -> None:
    with serve_faults() as (live, _hits):
        body = "".join(f'<a href="{live}/{p}">{p}</a>\n' for p in ("forbidden", "linkedin", "404"))
        site = write_site(tmp_path / "site", {"index.html": html("Home", body)})
        plain = _problems(run_hooked("check", str(site), "--format", "json", "--no-cache"))
        policy = run_hooked(
            "check", str(site), "--format", "json", "--no-cache",
            "--status", "403:warn,999:ignore", "--status", "404-404:warn",
        )  # fmt: skip
    assert plain[f"{live}/forbidden"][1] == "error"
    assert plain[f"{live}/linkedin"][:2] == ("blocked-link", "warning")
    assert policy.returncode == 0, policy.stdout  # only warnings left
    assert _problems(policy) == {
        f"{live}/forbidden": ("broken-external-link", "warning", "403"),
        f"{live}/404": ("broken-external-link", "warning", "404"),
    }


def test_require_https_reports_http_links_to_other_hosts_only(tmp_path: Path) -> None:
    with serve_faults() as (live, _hits):
        other = live.replace("127.0.0.1", "127-0-0-1.ip.test")
        body = f'<a href="{other}/ok">plain</a> <a href="page.html">inside</a>'
        site = write_site(
            tmp_path / "site",
            {"index.html": html("Home", body), "page.html": html("Page", "<p>x</p>")},
        )
        without = run_hooked("check", str(site), "--format", "json", "--no-cache")
        done = run_hooked("check", str(site), "--format", "json", "--no-cache", "--require-https")
    assert without.returncode == 0, without.stdout
    assert done.returncode == 1
    assert _problems(done) == {f"{other}/ok": ("insecure-link", "error", "http://")}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, timeout=60
    )


def _repo_with_change(tmp_path: Path) -> Path:
    """A git repo with a docs folder; a.html changes after the first commit, b.html not."""
    repo = tmp_path / "repo"
    site = write_site(
        repo / "docs",
        {
            "a.html": html("A", '<a href="b.html#sec">sec</a>'),
            "b.html": html("B", '<h2 id="sec">Sec</h2><a href="gone-b.html">old</a>'),
        },
    )
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    (site / "a.html").write_text(
        html("A", '<a href="b.html#sec">sec</a> <a href="b.html#nope">nope</a>'),
        encoding="utf-8",
    )
    return repo


def test_changed_files_and_since_report_only_changed_files_with_the_whole_index(
    tmp_path: Path,
) -> None:
    repo = _repo_with_change(tmp_path)
    site = repo / "docs"
    everything = _problems(run_hooked("check", str(site), "--format", "json"))
    assert {t.rsplit("/", 1)[-1] for t in everything} == {"b.html#nope", "gone-b.html"}
    since = run_hooked("check", "docs", "--format", "json", "--since", "HEAD", cwd=repo)
    listed = run_hooked(
        "check", "docs", "--format", "json", "--changed-files", "docs/a.html", cwd=repo
    )
    for done in (since, listed):
        problems = json.loads(done.stdout)["problems"]
        # b.html#sec (a link into the unchanged file) resolves; b.html's own problem is left out.
        assert [(p["file"], p["status"]) for p in problems] == [("docs/a.html", "missing #nope")]
    nothing_changed = run_hooked(
        "check", "docs", "--format", "json", "--changed-files", "docs/b.html README", cwd=repo
    )
    assert [p["file"] for p in json.loads(nothing_changed.stdout)["problems"]] == ["docs/b.html"]


def test_changed_pages_limit_the_work_to_their_links_and_what_they_link_to(
    tmp_path: Path,
) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "changed.html": html(
                "Changed",
                '<a href="linked.html#sec">sec</a> <a href="https://changed.example/x">x</a>'
                '<img src="missing.png" alt="m">',
            ),
            "linked.html": html(
                "Linked", '<h2 id="sec">Sec</h2><a href="https://linked.example/">l</a>'
            ),
            "other.html": html(
                "Other", '<a href="https://other.example/">o</a><a href="gone.html">g</a>'
            ),
        },
    )
    log = tmp_path / "lookups.txt"
    done = run_hooked(
        "check", str(site), "--format", "json", "--no-cache", "--changed-files",
        str(site / "changed.html"), log=log,
    )  # fmt: skip
    report = json.loads(done.stdout)
    # (files are named from the folder: it is outside the working directory's repository)
    assert {(p["file"], p["target"]) for p in report["problems"]} == {
        ("changed.html", "https://changed.example/x"),
        ("changed.html", "/missing.png"),
    }
    # Only the changed page's external host was tried; linked.html was fetched for its
    # #sec but its links were not checked, and other.html was not fetched at all.
    hosts = set(log.read_text().split()) - {"127.0.0.1"}
    assert hosts == {"changed.example"}
    assert report["summary"]["urls"] == 4  # changed.html, linked.html, missing.png, x


def test_since_a_bad_ref_or_a_url_target_is_a_one_line_usage_error(tmp_path: Path) -> None:
    repo = _repo_with_change(tmp_path)
    bad = run_hooked("check", "docs", "--since", "no-such-ref", cwd=repo)
    assert bad.returncode == 2
    assert bad.stderr.startswith("siteaudit: error: --since no-such-ref:")
    assert len(bad.stderr.strip().splitlines()) == 1
    url = run_hooked("check", "http://127.0.0.1:9/", "--changed-files", "a.html")
    assert url.returncode == 2
    assert "need a folder" in url.stderr


def test_the_check_section_of_the_config_file_sets_options_and_flags_win(
    tmp_path: Path,
) -> None:
    with serve_faults() as (live, _hits):
        body = f'<a href="{live}/404">gone</a>'
        write_site(tmp_path / "site", {"index.html": html("Home", body)})
        (tmp_path / "siteaudit.toml").write_text(
            '[crawl]\nmax_pages = 5\n\n[check]\nstatus-policy = ["404:ignore"]\ntimeout = 5\n'
        )
        from_file = run_hooked("check", "site", "--format", "json", cwd=tmp_path)
        flag = run_hooked(
            "check", "site", "--format", "json", "--status", "404:warn", cwd=tmp_path
        )  # fmt: skip
        bad = tmp_path / "bad.toml"
        bad.write_text("[check]\nstatus_policy = ['404:maybe']\n")
        refused = run_hooked("check", "site", "--config", str(bad), cwd=tmp_path)
    assert from_file.returncode == 0, from_file.stdout
    assert _problems(from_file) == {}  # 404 ignored
    assert _problems(flag) == {f"{live}/404": ("broken-external-link", "warning", "404")}
    assert refused.returncode == 2
    assert "action must be ignore, warn or error" in refused.stderr
