"""GitHub Actions workflow commands: a few annotations, one per problem, and a summary.

GitHub shows about 10 error and 10 warning annotations per step and drops the rest, so
5,000 annotations help nobody: one annotation per problem (a link target, located at its
first linking place), errors first, at most ``CiReport.max_annotations`` of them, then one
notice with the totals and where the full list is.
"""

from __future__ import annotations

from siteaudit.reports.ci_formats.grouping import CiGroup, by_target, describe, plural, where
from siteaudit.reports.ci_formats.model import CiReport
from siteaudit.reports.ci_formats.text import summary_line

_PLACES_NAMED = 3


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _level(result: CiReport, group: CiGroup) -> str:
    if any(result.fails(i) for i in group.items):
        return "error"
    return "notice" if group.level == "notice" else "warning"


def _annotation(result: CiReport, group: CiGroup) -> str:
    first = group.first
    props = [f"title={_escape_property(group.check + ' ' + group.status)}"]
    if first.file:
        props.insert(0, f"file={_escape_property(first.file)}")
        if first.line:
            props.insert(1, f"line={first.line}")
            props.insert(2, f"col={first.column or 1}")
    if group.grouped:
        named = ", ".join(where(i) for i in group.items[:_PLACES_NAMED])
        more = len(group.items) - _PLACES_NAMED
        places = named + (f" and {more:,} more" if more > 0 else "")
        message = f"{describe(group)} linked from {plural(group.inlinks, 'page')}: {places}"
    else:
        message = f"{describe(first)} on {where(first)}: {first.message}"
    return f"::{_level(result, group)} {','.join(props)}::{_escape_data(message)}"


def render_github(result: CiReport) -> str:
    """At most ``max_annotations`` annotations (failures first), then one summary notice."""
    groups = by_target(result)
    failing = [g for g in groups if _level(result, g) == "error"]
    others = [g for g in groups if _level(result, g) != "error"]
    shown = (failing + others)[: max(0, result.max_annotations)]
    lines = [_annotation(result, g) for g in shown]
    if groups:
        rest = len(groups) - len(shown)
        where_full = (
            "full list: " + ", ".join(result.details)
            if result.details
            else "full list in the job summary (--write markdown=$GITHUB_STEP_SUMMARY) "
            "or --write json=PATH"
        )
        note = summary_line(result, groups)
        if rest:
            note += f" {plural(rest, 'more problem')} not annotated; {where_full}."
        lines.append(f"::notice title=siteaudit summary::{_escape_data(note)}")
    return "\n".join(lines) + ("\n" if lines else "")
