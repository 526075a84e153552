"""`siteaudit check` end to end: a built-site folder linking to a loopback fault server
(every failure a link checker must recognise) and a self-signed TLS server, through the
real command line; each output format is asserted on the same run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from siteaudit.cli.check import _config as check_config
from tests.fault_server import serve_faults
from tests.helpers import REPO, free_port, html, write_site

SARIF_SCHEMA = REPO / "tests" / "reports" / "data" / "sarif-schema-2.1.0.json"
FORMATS = ("json", "junit", "sarif", "markdown", "github", "text")
EXTERNAL_PATHS = [
    "ok",
    "404",
    "410",
    "500",
    "slow",
    "head405",
    "retry429",
    "chain1",
    "loop1",
    "moved",
    "challenge",
    "linkedin",
    "flaky500",
    "auth",
    "page.html#intro",
]


def run_check(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`siteaudit check ARGS` as CI would run it (CI=true)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), CI="true")
    return subprocess.run(
        [sys.executable, "-m", "siteaudit", "check", *args],
        cwd=cwd or REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def built_site(root: Path, external: str, tls: str, refused: str) -> Path:
    """A small generated site: relative links, assets, CSS url(), fragments, externals."""
    externals = "".join(
        f'<li><a href="{external}/{path}">ext {path}</a></li>\n' for path in EXTERNAL_PATHS
    )
    index = html(
        "Home",
        "\n<ul>\n"
        + externals
        + f'<li><a href="{refused}/x">refused</a></li>\n'
        + f'<li><a href="{tls}/ok">tls</a></li>\n'
        + "</ul>\n"
        + '<p><a href="docs/guide.html#usage">guide usage</a>\n'
        + '<a href="docs/guide.html#nowhere">guide nowhere</a>\n'
        + '<a href="docs/gone.html">gone page</a>\n'
        + '<img src="img/logo.png" alt="logo" srcset="img/ok.png 1x, img/big.png 2x">\n'
        + '<a href="mailto:help@example.invalid">mail</a> <a href="tel:+100">call</a>\n'
        + '<a href="javascript:void(0)">js</a></p>\n',
        head='<link rel="stylesheet" href="css/site.css">',
    )
    return write_site(
        root,
        {
            "index.html": index,
            "docs/guide.html": html(
                "Guide", '\n<h2 id="usage">Usage</h2>\n<a href="../index.html">home</a>\n'
            ),
            "css/site.css": "body {\n  background: url('../img/bg.png');\n}\n",
            "img/ok.png": b"\x89PNG",
        },
    )


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One check run of the folder; every format written; returns outputs and exit code."""
    tmp = tmp_path_factory.mktemp("check")
    with serve_faults() as (external, hits), serve_faults(tmp / "tls") as (tls, _):
        refused = f"http://127.0.0.1:{free_port()}"
        site = built_site(tmp / "site", external, tls, refused)
        writes = [f"--write={name}={tmp / ('out.' + name)}" for name in FORMATS]
        result = run_check(
            str(site),
            "--timeout=1",
            "--retries=1",
            "--max-retry-after=5",
            f"--header={external.split('//')[1]}=X-Token: s3cret",
            f"--cache-dir={tmp / 'cache'}",
            "--format=json",
            *writes,
        )
        hit_counts = dict(hits)
    outputs = {name: (tmp / f"out.{name}").read_text(encoding="utf-8") for name in FORMATS}
    return {
        "result": result,
        "outputs": outputs,
        "report": json.loads(result.stdout),
        "external": external,
        "tls": tls,
        "refused": refused,
        "hits": hit_counts,
        "cache": tmp / "cache",
    }


def _problem(checked: dict, target_suffix: str) -> dict:
    matches = [p for p in checked["report"]["problems"] if p["target"].endswith(target_suffix)]
    assert len(matches) == 1, (target_suffix, [p["target"] for p in checked["report"]["problems"]])
    return matches[0]


def test_broken_links_exit_1_and_stdout_is_the_chosen_format(checked: dict) -> None:
    assert checked["result"].returncode == 1, checked["result"].stderr
    assert checked["report"]["summary"]["exit_code"] == 1
    assert checked["report"]["problems"]  # stdout parsed as JSON


@pytest.mark.parametrize(
    ("suffix", "check", "status"),
    [
        ("/404", "broken-external-link", "404"),
        ("/410", "broken-external-link", "410"),
        ("/500", "broken-external-link", "500"),
        ("/slow", "broken-external-link", "timeout"),
        ("/x", "broken-external-link", "connection refused"),
        ("/loop1", "broken-external-link", "redirect loop"),
        ("/challenge", "blocked-link", "blocked (403)"),
        ("/linkedin", "blocked-link", "blocked (999)"),
        ("docs/gone.html", "broken-link", "404"),
        ("img/logo.png", "broken-link", "404"),
        ("img/big.png", "broken-link", "404"),
        ("img/bg.png", "broken-link", "404"),
        ("docs/guide.html#nowhere", "missing-fragment", "missing #nowhere"),
    ],
)
def test_each_failure_is_reported_with_its_status(
    checked: dict, suffix: str, check: str, status: str
) -> None:
    problem = _problem(checked, suffix)
    assert (problem["check"], problem["status"]) == (check, status)


def test_self_signed_certificate_is_a_tls_error(checked: dict) -> None:
    problem = _problem(checked, checked["tls"].split("//")[1] + "/ok")
    assert problem["status"] == "tls"
    assert problem["level"] == "error"


def test_redirects_are_warnings_with_their_final_target(checked: dict) -> None:
    moved = _problem(checked, "/moved")
    assert (moved["check"], moved["level"]) == ("redirected-link", "warning")
    assert moved["redirect_to"] == checked["external"] + "/ok"


def test_redirect_chain_and_loop_are_errors(checked: dict) -> None:
    by_check = {
        p["check"]: p
        for p in checked["report"]["problems"]
        if p["page"].endswith(("/chain1", "/loop1"))
    }
    assert by_check["redirect-chain"]["level"] == "error"
    assert by_check["redirect-chain"]["target"].count(" -> ") == 3
    # A loop entered from a link is that link's error, reported once.
    assert "redirect-loop" not in by_check
    loop = _problem(checked, "/loop1")
    assert (loop["level"], loop["status"]) == ("error", "redirect loop")


def test_recovered_and_accepted_answers_are_not_problems(checked: dict) -> None:
    tls = checked["tls"]
    targets = [
        p["target"] for p in checked["report"]["problems"] if not p["target"].startswith(tls)
    ]
    for fine in ("/ok", "/head405", "/retry429", "/flaky500", "/auth", "/page.html#intro"):
        assert checked["external"] + fine not in targets, fine
    assert not any(t.endswith("#usage") for t in targets)
    for ignored in ("mailto:", "tel:", "javascript:"):
        assert not any(t.startswith(ignored) for t in targets)


def test_head_405_falls_back_to_get_and_429_waits_for_retry_after(checked: dict) -> None:
    hits = checked["hits"]
    assert hits[("HEAD", "/head405")] == 1 and hits[("GET", "/head405")] == 1
    assert hits[("HEAD", "/retry429")] == 2  # 429 with Retry-After: 1, then 200
    assert hits[("HEAD", "/flaky500")] == 2  # 500 retried with backoff, then 200
    assert hits[("HEAD", "/404")] == 1  # a 404 is final: no retry, no GET


def test_folder_problems_are_located_by_file_line_and_column(checked: dict) -> None:
    problem = _problem(checked, "docs/gone.html")
    assert problem["file"] == "index.html"
    source = html_source = (Path(checked["cache"]).parent / "site" / "index.html").read_text()
    line = source.split("\n")[problem["line"] - 1]
    assert line[problem["column"] - 1 :].startswith("docs/gone.html")
    css = _problem(checked, "img/bg.png")
    assert (css["file"], css["line"]) == ("css/site.css", 2)
    assert html_source


def test_sarif_is_valid_and_located(checked: dict) -> None:
    document = json.loads(checked["outputs"]["sarif"])
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    results = document["runs"][0]["results"]
    gone = next(r for r in results if r["message"]["text"].find("docs/gone.html") >= 0)
    location = gone["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "index.html"
    assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] > 1
    assert {r["level"] for r in results} == {"error", "warning"}


def test_junit_has_a_case_per_page_with_failures(checked: dict) -> None:
    root = ET.fromstring(checked["outputs"]["junit"])
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert {"index.html", "docs/guide.html", "css/site.css"} <= set(cases)
    assert cases["index.html"].get("file") == "index.html"
    assert int(cases["index.html"].get("line") or 0) > 1
    assert cases["docs/guide.html"].find("failure") is None
    failure = cases["index.html"].find("failure")
    assert failure is not None and "docs/gone.html" in (failure.text or "")
    # index.html, site.css, and the redirect chain entered at chain1
    assert int(root.find("testsuite").get("failures")) == 3


def test_github_annotations_point_at_file_and_line(checked: dict) -> None:
    lines = checked["outputs"]["github"].splitlines()
    gone = next(line for line in lines if "docs/gone.html" in line)
    assert gone.startswith("::error file=index.html,line=")
    # at most 10 annotations (--max-annotations), errors first, then one summary notice
    targets = checked["report"]["summary"]["targets"]
    assert len(lines) == min(10, targets) + 1
    assert not any(line.startswith("::warning ") for line in lines)
    assert lines[-1].startswith("::notice title=siteaudit summary::Checked ")
    assert f"{targets - 10} more problems not annotated" in lines[-1]


def test_markdown_summary_lists_each_problem(checked: dict) -> None:
    text = checked["outputs"]["markdown"]
    assert text.startswith("## Link check: ❌ broken links found")
    assert "| ❌ |" in text and "| ⚠️ |" in text
    assert "missing #nowhere" in text and "`index.html:" in text


def test_human_output_puts_the_summary_first_and_errors_before_warnings(checked: dict) -> None:
    text = checked["outputs"]["text"]
    lines = text.rstrip().splitlines()
    pages = checked["report"]["summary"]["pages"]
    assert lines[0].startswith(f"Checked {pages} pages") and lines[-1] == lines[0]
    assert "✗ [404] " in text and '"gone page"' in text
    assert text.index("Errors (") < text.index("Warnings (")
    assert "    index.html:" in text


def test_every_format_agrees_on_pages_findings_and_targets(checked: dict) -> None:
    outputs, summary = checked["outputs"], checked["report"]["summary"]
    pages, findings, targets = summary["pages"], summary["findings"], summary["targets"]
    assert findings == len(checked["report"]["problems"]) and targets == len(
        checked["report"]["groups"]
    )
    phrase = f"Checked {pages} pages"
    assert outputs["text"].startswith(phrase)
    assert phrase in outputs["markdown"].splitlines()[2]
    assert phrase in outputs["github"].splitlines()[-1]
    suite = ET.fromstring(outputs["junit"]).find("testsuite")
    assert suite is not None and int(suite.get("tests") or 0) == pages
    run = json.loads(outputs["sarif"])["runs"][0]
    assert run["properties"]["pages"] == pages and len(run["results"]) == findings
    errors, warnings = summary["errors"], summary["warnings"]
    error_targets = sum(1 for g in checked["report"]["groups"] if g["level"] == "error")
    for name in ("text", "markdown", "github"):
        assert f"{errors} errors in {error_targets} distinct targets" in outputs[name], name
        assert f"{warnings} warning" in outputs[name], name


def test_a_failing_run_says_why_in_one_line(checked: dict) -> None:
    stderr = checked["result"].stderr.strip().splitlines()
    summary = checked["report"]["summary"]
    assert stderr[-1].startswith(f"siteaudit: exit 1: {summary['errors']} error findings in ")
    assert stderr[-1].endswith("(errors fail the check)")


def test_only_successes_are_cached(checked: dict) -> None:
    data = json.loads((checked["cache"] / "external-links.json").read_text())
    cached = {url.rsplit("/", 1)[1] for url in data["results"]}
    assert {"ok", "head405", "moved", "auth"} <= cached
    assert not cached & {"404", "500", "slow", "challenge", "x"}


def test_cached_results_are_not_fetched_again(tmp_path: Path) -> None:
    with serve_faults() as (external, hits):
        site = write_site(
            tmp_path / "site",
            {
                "index.html": html(
                    "H", f'<a href="{external}/ok">x</a><a href="{external}/404">y</a>'
                )
            },
        )
        args = (str(site), f"--cache-dir={tmp_path / 'cache'}", "--retries=0")
        assert run_check(*args).returncode == 1
        assert run_check(*args).returncode == 1
        assert hits[("HEAD", "/ok")] == 1  # second run: from the cache
        assert hits[("HEAD", "/404")] == 2  # failures are always checked again


def test_baseline_round_trip_fails_only_on_new_failures(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "index.html": html("H", '<a href="a.html">a</a> <a href="b.html">b</a>'),
            "b.html": html("B", ""),
        },
    )
    baseline = tmp_path / "links-baseline.json"
    first = run_check(str(site), "--offline", f"--write-baseline={baseline}")
    assert first.returncode == 1
    assert json.loads(baseline.read_text())["failures"] == [
        {"check": "broken-link", "url": "index.html", "target": "a.html"}
    ]
    # Same failure on another port: known, so the run passes.
    assert run_check(str(site), "--offline", f"--baseline={baseline}").returncode == 0
    # a.html fixed, c.html newly broken: fails on c only, and reports a as fixed.
    write_site(site, {"a.html": html("A", '<a href="c.html">c</a>')})
    third = run_check(str(site), "--offline", f"--baseline={baseline}", "--format=json")
    assert third.returncode == 1
    report = json.loads(third.stdout)
    new = [p["target"] for p in report["problems"] if p["new"]]
    assert len(new) == 1 and new[0].endswith("/c.html")
    assert report["fixed"] == [{"check": "broken-link", "url": "index.html", "target": "a.html"}]


def test_accept_and_strict_change_the_verdict(tmp_path: Path) -> None:
    with serve_faults() as (external, _):
        body = f'<a href="{external}/forbidden">f</a> <a href="{external}/moved">m</a>'
        site = write_site(tmp_path / "site", {"index.html": html("H", body)})
        assert run_check(str(site), "--no-cache").returncode == 1  # 403 is broken
        assert run_check(str(site), "--no-cache", "--accept=200-299,403").returncode == 0
        strict = run_check(str(site), "--no-cache", "--accept=200-299,403", "--strict")
        assert strict.returncode == 1  # the redirect warning fails under --strict


def test_offline_skips_external_links(tmp_path: Path) -> None:
    refused = f"http://127.0.0.1:{free_port()}/x"
    site = write_site(tmp_path / "site", {"index.html": html("H", f'<a href="{refused}">x</a>')})
    result = run_check(str(site), "--offline", "--format=json")
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["summary"]["external"] == 0


def test_url_input_reports_at_page_urls(tmp_path: Path) -> None:
    from tests.site_server import serve_site

    site = write_site(tmp_path / "site", {"index.html": html("H", '<a href="/gone">g</a>')})
    with serve_site(site) as base:
        result = run_check(base + "/", "--format=sarif", "--offline")
    assert result.returncode == 1
    location = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == base + "/"
    # the line:column of the link in the page as fetched
    source = (site / "index.html").read_text(encoding="utf-8").split("\n")
    region = location["physicalLocation"]["region"]
    assert source[region["startLine"] - 1][region["startColumn"] - 1 :].startswith("/gone")


@pytest.mark.parametrize(
    "args",
    [
        ("/nonexistent/folder",),
        (f"http://127.0.0.1:{free_port()}/",),
        (".", "--format=nope"),
        (".", "--accept=abc"),
        (".", "--write=pdf=x.pdf"),
    ],
)
def test_usage_and_input_errors_exit_2(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run_check(*args, "--offline", cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


def test_check_reads_pages_as_served_unless_rendering_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no siteaudit.toml here
    assert check_config({}, no_cache=False, config_file=None).render == "never"
    given = check_config({"render": "auto"}, no_cache=False, config_file=None)
    assert given.render == "auto"
    toml = tmp_path / "siteaudit.toml"
    toml.write_text('[check]\nrender = "auto"\n')
    assert check_config({}, no_cache=False, config_file=toml).render == "auto"
