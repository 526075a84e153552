"""JUnit XML: one test case per checked page; each failing finding is a failure in it.

Test cases carry ``file`` (the page's file for folder input, else its URL) and ``line`` (of
its first failing link, else its first finding) so CI servers link to the source. A test
case lists at most ``MAX_LINES`` findings in its failure text and as many in its output,
then says how many more there are (a generated index page can hold thousands).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from siteaudit.reports.ci_formats.grouping import by_page, describe
from siteaudit.reports.ci_formats.model import CiFinding, CiReport

MAX_LINES = 100  # findings written out per test case, in its failure and in its output


def render_junit(result: CiReport) -> str:
    """A <testsuites> document CI servers (Jenkins, GitLab, Azure) understand."""
    groups = by_page(result)
    names = result.page_names
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
        case.set("file", name)
        items = groups.get(name, [])
        failures = [p for p in items if result.fails(p)]
        located = [p for p in failures or items if p.line]
        if located:
            case.set("line", str(located[0].line))
        if failures:
            noun = "broken link(s)" if result.command == "check" else "failing finding(s)"
            node = ET.SubElement(
                case, "failure", message=f"{len(failures)} {noun}", type=failures[0].check
            )
            node.text = _lines([f"{_at(p)}{describe(p)}: {p.message}" for p in failures], result)
        others = [p for p in items if not result.fails(p)]
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = _lines(
                [f"{_at(p)}{p.level} {describe(p)}: {p.message}" for p in others], result
            )
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _at(item: CiFinding) -> str:
    return f"line {item.line}: " if item.line else ""


def _lines(lines: list[str], result: CiReport) -> str:
    """At most MAX_LINES lines, then how many more and where the full list is."""
    if len(lines) <= MAX_LINES:
        return "\n".join(lines)
    where = f" (full list: {', '.join(result.details)})" if result.details else ""
    more = f"... and {len(lines) - MAX_LINES:,} more{where}"
    return "\n".join([*lines[:MAX_LINES], more])
