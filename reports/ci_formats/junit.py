"""JUnit XML: one test case per checked page; each failing link is a failure in it."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from siteaudit.reports.ci_formats.grouping import by_page, describe

from siteaudit.app.check import CheckResult


def render_junit(result: CheckResult) -> str:
    """A <testsuites> document CI servers (Jenkins, GitLab, Azure) understand."""
    groups = by_page(result)
    names = list(dict.fromkeys([*result.pages, *groups]))
    failing = [n for n in names if any(_fails(p, result) for p in groups.get(n, []))]
    suites = ET.Element("testsuites", name="siteaudit check")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"links of {result.target}",
        tests=str(len(names)),
        failures=str(len(failing)),
        errors="0",
        skipped="0",
        time=str(result.elapsed_s),
    )
    for name in names:
        case = ET.SubElement(suite, "testcase", classname="siteaudit.links", name=name)
        problems = groups.get(name, [])
        failures = [p for p in problems if _fails(p, result)]
        if failures:
            node = ET.SubElement(
                case,
                "failure",
                message=f"{len(failures)} broken link(s)",
                type=failures[0].check,
            )
            node.text = "\n".join(f"{describe(p)}: {p.message}" for p in failures)
        warnings = [p for p in problems if not _fails(p, result)]
        if warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"warning {describe(p)}: {p.message}" for p in warnings)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _fails(problem: object, result: CheckResult) -> bool:
    return problem in result.failures
