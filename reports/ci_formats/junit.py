"""JUnit XML: one test case per checked page; each failing finding is a failure in it."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from siteaudit.reports.ci_formats.grouping import by_page, describe
from siteaudit.reports.ci_formats.model import CiReport


def render_junit(result: CiReport) -> str:
    """A <testsuites> document CI servers (Jenkins, GitLab, Azure) understand."""
    groups = by_page(result)
    names = list(dict.fromkeys([*result.pages, *groups]))
    failing = [n for n in names if any(result.fails(p) for p in groups.get(n, []))]
    what = "links" if result.command == "check" else "pages"
    suites = ET.Element("testsuites", name=f"siteaudit {result.command}")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"{what} of {result.target}",
        tests=str(len(names)),
        failures=str(len(failing)),
        errors="0",
        skipped="0",
        time=str(result.elapsed_s),
    )
    for name in names:
        case = ET.SubElement(suite, "testcase", classname=f"siteaudit.{what}", name=name)
        items = groups.get(name, [])
        failures = [p for p in items if result.fails(p)]
        if failures:
            noun = "broken link(s)" if result.command == "check" else "failing finding(s)"
            node = ET.SubElement(
                case, "failure", message=f"{len(failures)} {noun}", type=failures[0].check
            )
            node.text = "\n".join(f"{describe(p)}: {p.message}" for p in failures)
        others = [p for p in items if not result.fails(p)]
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{p.level} {describe(p)}: {p.message}" for p in others)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
