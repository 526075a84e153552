"""The CI renderers on findings about link targets: grouping, caps, locations, counts."""

from __future__ import annotations

import gzip
import json
import re
import time
from xml.etree import ElementTree as ET

from siteaudit.reports.ci_formats import FORMATS, CiFinding, CiReport
from siteaudit.reports.ci_formats.markdown import MARKDOWN_LIMIT, render_markdown

from siteaudit.core.checks import make_finding

BASE = "http://127.0.0.1:9"


def _broken(page: str, target: str, line: int = 3, *, folder: bool = True) -> CiFinding:
    finding = make_finding(
        "broken-link",
        f"{BASE}/{page}",
        f"Link goes to /{target}: 404",
        evidence={
            "target": f"{BASE}/{target}",
            "status": 404,
            "anchor": "Styles",
            "line": line,
            "column": 5,
        },
    )
    key = ("broken-link", f"/{page}", f"/{target}")
    return CiFinding(finding, "error", file=page if folder else None, key=key)


def _redirect(page: str) -> CiFinding:
    finding = make_finding(
        "redirected-link",
        f"{BASE}/{page}",
        "Link goes to /old, which redirects to /new",
        evidence={"target": f"{BASE}/old", "final": f"{BASE}/new", "line": 9, "column": 2},
    )
    return CiFinding(finding, "warning", file=page, key=("redirected-link", f"/{page}", "/old"))


def _site(pages: int, targets: int, *, unique: bool = False) -> CiReport:
    """``pages`` pages, each linking to one of ``targets`` missing files and to a redirect;
    with ``unique``, each also has a broken link of its own (one target per page)."""
    names = [f"p{n}.html" for n in range(pages)]
    items = []
    for n, name in enumerate(names):
        items.append(_broken(name, f"missing/{n % targets}.css"))
        items.append(_redirect(name))
        if unique:
            items.append(_broken(name, f"gone/{n}.html", line=20))
    return CiReport("site/", items, names, {"links": 3 * pages, "urls": pages + targets})


def test_text_puts_the_summary_first_then_one_block_per_target_errors_first() -> None:
    text = FORMATS["text"](_site(6, 2))
    lines = text.splitlines()
    assert lines[0].startswith("Checked 6 pages")
    assert "6 errors in 2 distinct targets, 6 warnings in 1 distinct target" in lines[0]
    assert re.search(r"broken-link\s+error\s+6 findings in 2 targets", text)
    assert text.index("Errors (2 problems):") < text.index("Warnings (1 problem):")
    block = text[text.index("✗ [404] http://127.0.0.1:9/missing/0.css") :]
    assert block.splitlines()[0].endswith("broken-link, linked from 3 pages")
    assert block.splitlines()[1:4] == [
        '    p0.html:3:5  "Styles"',
        '    p2.html:3:5  "Styles"',
        '    p4.html:3:5  "Styles"',
    ]
    assert text.count("missing/0.css") == 1  # one block per target, not one line per page
    assert lines[-1] == lines[0]  # repeated where a CI log ends


def test_json_carries_groups_with_their_linking_places() -> None:
    data = json.loads(FORMATS["json"](_site(6, 2)))
    assert data["summary"]["targets"] == len(data["groups"]) == 3
    first = data["groups"][0]
    assert (first["check"], first["inlinks"], first["findings"], first["status"]) == (
        "broken-link",
        3,
        3,
        "404",
    )
    assert first["places"][0] == {
        "page": f"{BASE}/p0.html",
        "file": "p0.html",
        "line": 3,
        "column": 5,
        "anchor": "Styles",
        "new": True,
    }
    assert len(data["problems"]) == 12  # per-page records stay


def test_github_annotates_at_most_the_cap_then_one_summary_notice() -> None:
    result = _site(200, 50, unique=True)
    lines = FORMATS["github"](result).splitlines()
    assert len(lines) == 11
    assert all(line.startswith("::error file=") for line in lines[:10])
    assert "linked from 4 pages: p0.html:3:5, p50.html:3:5, p100.html:3:5 and 1 more" in lines[0]
    assert lines[-1].startswith("::notice title=siteaudit summary::Checked 200 pages")
    assert "241 more problems not annotated" in lines[-1]
    result.max_annotations = 3
    assert len(FORMATS["github"](result).splitlines()) == 4


def test_junit_test_cases_carry_file_and_line() -> None:
    suite = ET.fromstring(FORMATS["junit"](_site(3, 1))).find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [(c.get("file"), c.get("line")) for c in cases] == [
        ("p0.html", "3"),
        ("p1.html", "3"),
        ("p2.html", "3"),
    ]


def test_sarif_in_url_mode_has_the_region_in_the_fetched_page() -> None:
    result = CiReport(
        f"{BASE}/", [_broken("a.html", "x.css", folder=False)], [f"{BASE}/a.html"], {}
    )
    location = json.loads(FORMATS["sarif"](result))["runs"][0]["results"][0]["locations"][0]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": f"{BASE}/a.html"}
    assert physical["region"] == {"startLine": 3, "startColumn": 5}


def test_exit_reason_is_one_line_naming_the_failures() -> None:
    assert _site(6, 2).exit_reason == (
        "exit 1: 6 error findings in 2 distinct targets (errors fail the check)"
    )
    strict = _site(1, 1)
    strict.strict = True
    assert strict.exit_reason == (
        "exit 1: 1 error finding in 1 target, 1 warning finding in 1 target "
        "(--strict: warnings fail too)"
    )
    assert CiReport("site/", [], ["a.html"], {}).exit_reason is None


def test_every_format_counts_the_same_pages_findings_and_targets() -> None:
    result = _site(7, 3, unique=True)
    data = json.loads(FORMATS["json"](result))
    summary = data["summary"]
    assert (summary["pages"], summary["findings"], summary["targets"]) == (7, 21, 11)
    assert FORMATS["text"](result).startswith("Checked 7 pages")
    assert "Checked 7 pages" in FORMATS["markdown"](result)
    suite = ET.fromstring(FORMATS["junit"](result)).find("testsuite")
    assert suite is not None and suite.get("tests") == "7"
    sarif = json.loads(FORMATS["sarif"](result))["runs"][0]
    assert len(sarif["results"]) == 21 and sarif["properties"]["pages"] == 7
    assert "Checked 7 pages" in FORMATS["github"](result).splitlines()[-1]


def test_a_page_served_under_two_names_counts_once() -> None:
    result = _site(2, 1)
    result.pages = ["p0.html", "p0.html", "p1.html"]  # dir/ and dir/index.html: one file
    assert result.page_count == 2
    suite = ET.fromstring(FORMATS["junit"](result)).find("testsuite")
    assert suite is not None and suite.get("tests") == "2"


def test_outputs_of_a_10000_page_site_fit_ci_limits() -> None:
    # 10,000 pages; 10,050 broken targets (50 shared, one per page) and one redirect.
    result = _site(10_000, 50, unique=True)
    result.details = ("out/links.json",)
    started = time.monotonic()
    markdown = FORMATS["markdown"](result)
    github = FORMATS["github"](result)
    elapsed = time.monotonic() - started
    assert len(markdown.encode()) < MARKDOWN_LIMIT < 1024 * 1024
    assert "more problems" in markdown and "`out/links.json`" in markdown
    assert len(github.splitlines()) == 11
    assert elapsed < 20
    # the shared targets come first: most linking pages
    assert markdown.index("missing/0.css") < markdown.index("gone/0.html")


def test_markdown_counts_what_the_budget_left_out() -> None:
    result = _site(40, 5, unique=True)
    text = render_markdown(result, limit=4000)
    assert len(text.encode()) <= 4000
    rows = [line for line in text.splitlines() if line.startswith("| ❌ |")]
    match = re.search(r"… and ([\d,]+) more problems \(([\d,]+) findings\)", text)
    assert match is not None
    assert len(rows) + int(match.group(1)) == 46  # 45 broken targets + the redirect
    assert "write it with `--write json=PATH`" in text


def test_sarif_keeps_failures_first_up_to_its_cap_then_says_how_many_were_left_out() -> None:
    result = _site(30, 5, unique=True)  # 60 broken links (errors), 30 redirects (warnings)
    result.max_sarif_results = 20
    result.details = ("out/links.json",)
    run = json.loads(FORMATS["sarif"](result))["runs"][0]
    results = run["results"]
    assert len(results) == 20
    assert {r["level"] for r in results[:-1]} == {"error"}
    summary = results[-1]
    assert summary["ruleId"] == "results-omitted"
    assert run["tool"]["driver"]["rules"][summary["ruleIndex"]]["id"] == "results-omitted"
    assert "71 more findings" in summary["message"]["text"]
    assert "41 errors, 30 warnings" in summary["message"]["text"]
    assert "out/links.json" in summary["message"]["text"]
    assert run["properties"]["omitted"] == 71 and run["properties"]["findings"] == 90


def test_sarif_of_a_10000_page_site_fits_github_code_scanning_limits() -> None:
    result = _site(10_000, 50, unique=True)  # 30,000 findings
    document = FORMATS["sarif"](result).encode()
    run = json.loads(document)["runs"][0]
    assert len(run["results"]) == 25_000
    assert run["properties"]["omitted"] == 5_001
    assert len(gzip.compress(document)) < 10 * 1024 * 1024


def test_junit_failure_text_is_capped_per_test_case() -> None:
    items = [_broken("index.html", f"gone/{n}.html", line=n + 1) for n in range(150)]
    result = CiReport("site/", items, ["index.html"], {"links": 150})
    case = ET.fromstring(FORMATS["junit"](result)).find("testsuite/testcase")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    lines = failure.text.splitlines()
    assert failure.get("message") == "150 broken link(s)"
    assert len(lines) == 101 and lines[-1].startswith("... and 50 more")
