"""The CI renderers on a hand-made CiReport: structure, escaping, baseline states."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from siteaudit.reports.ci_formats import FORMATS, CiFinding, CiReport

from siteaudit.core.checks import make_finding

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
BASE = "http://127.0.0.1:9"


def _result(*, folder: bool = True, baseline: bool = False, strict: bool = False) -> CiReport:
    position = {"line": 3, "column": 7} if folder else {}
    broken = CiFinding(
        make_finding(
            "broken-link",
            BASE + "/index.html",
            'Link "A, b: c" goes to /a|b.html: 404',
            evidence={"target": BASE + "/a|b.html", "status": 404, "anchor": "A, b: c", **position},
        ),
        "error",
        file="index.html" if folder else None,
        key=("broken-link", "/index.html", "/a|b.html"),
    )
    redirect = CiFinding(
        make_finding(
            "redirected-link",
            BASE + "/index.html",
            "Link goes to /old, which redirects to /new",
            evidence={"target": BASE + "/old", "final": BASE + "/new", "hops": [BASE + "/old"]},
        ),
        "warning",
        file="index.html" if folder else None,
        key=("redirected-link", "/index.html", "/old"),
        new=not baseline,
    )
    return CiReport(
        "site/" if folder else BASE + "/",
        [broken, redirect],
        ["index.html", "ok.html"] if folder else [BASE + "/index.html", BASE + "/ok.html"],
        {"links": 5, "urls": 4, "external": 1, "assets": 1},
        fixed=(("broken-link", "/x.html", "/y.html"),) if baseline else (),
        baseline_used=baseline,
        strict=strict,
        is_folder=folder,
    )


@pytest.mark.parametrize("folder", [True, False])
@pytest.mark.parametrize("baseline", [True, False])
def test_sarif_validates_against_the_2_1_0_schema(folder: bool, baseline: bool) -> None:
    document = json.loads(FORMATS["sarif"](_result(folder=folder, baseline=baseline)))
    jsonschema.validate(document, SCHEMA)
    result = document["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == ("index.html" if folder else BASE + "/index.html")
    if baseline:
        assert [r["baselineState"] for r in document["runs"][0]["results"]] == [
            "new",
            "unchanged",
        ]


def test_sarif_rules_are_indexed_and_described() -> None:
    run = json.loads(FORMATS["sarif"](_result()))["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["broken-link", "redirected-link"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]


def test_junit_counts_failing_pages_and_keeps_warnings_out_of_failures() -> None:
    suite = ET.fromstring(FORMATS["junit"](_result())).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    index = next(c for c in suite.iter("testcase") if c.get("name") == "index.html")
    assert "/a|b.html" in (index.find("failure").text or "")  # type: ignore[union-attr]
    assert "/old" in (index.find("system-out").text or "")  # type: ignore[union-attr]


def test_strict_turns_warnings_into_failures() -> None:
    assert _result().exit_code == 1
    suite = ET.fromstring(FORMATS["junit"](_result(strict=True))).find("testsuite")
    assert "/old" in ET.tostring(suite.find("testcase/failure"), "unicode")  # type: ignore[arg-type]


def test_github_annotations_escape_properties_and_skip_known_problems() -> None:
    lines = FORMATS["github"](_result(baseline=True)).splitlines()
    assert len(lines) == 2  # the redirect is in the baseline; then the summary notice
    assert lines[0].startswith("::error file=index.html,line=3,col=7,title=broken-link 404::")
    assert "%2C" not in lines[0].split("::")[2]  # commas only escaped in properties
    assert lines[1].startswith("::notice title=siteaudit summary::Checked 2 pages")


def test_markdown_escapes_table_cells_and_lists_fixed() -> None:
    text = FORMATS["markdown"](_result(baseline=True))
    assert "/a\\|b.html" in text
    assert "Fixed since the baseline (1)" in text


def test_json_output_is_stable_and_complete() -> None:
    data = json.loads(FORMATS["json"](_result()))
    assert data["summary"]["errors"] == 1 and data["summary"]["warnings"] == 1
    assert data["problems"][0]["line"] == 3
    assert "key" not in data["problems"][0]


def test_text_output_lists_problems_with_their_places_and_redirect_target() -> None:
    text = FORMATS["text"](_result())
    assert text.startswith("Checked 2 pages")
    assert "! [redirect] http://127.0.0.1:9/old -> http://127.0.0.1:9/new" in text
    assert '    index.html:3:7  "A, b: c"' in text
