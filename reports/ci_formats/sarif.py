"""SARIF 2.1.0: for GitHub code scanning and other static-analysis dashboards.

Rules come from the check registry. Results are located at file + line:column for folder
input (the built site's HTML source), at the page URL + line:column in the fetched page
otherwise. Findings about a link target carry their group's id (``properties.group``), so
a dashboard can fold a broken URL linked from 1,445 pages into one problem. With a
baseline, results carry ``baselineState``.

Capped: GitHub code scanning keeps at most 25,000 results of a run (and 10 MB gzipped per
upload), silently dropping the rest. At most ``CiReport.max_sarif_results`` results are
written, failing ones first, then errors, warnings and notices; when some are left out, one
more result (rule ``results-omitted``) says how many of each level and where the full list
is, and ``run.properties.omitted`` counts them.
"""

from __future__ import annotations

import json

from siteaudit.reports.ci_formats.model import CiFinding, CiReport

from siteaudit.core.checks import check_spec
from siteaudit.core.finding_groups import group_id, is_grouped
from siteaudit.core.version import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_INFO_URI = "https://github.com/siteaudit/siteaudit#siteaudit-check"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "notice": "note"}


OMITTED_RULE = "results-omitted"


def render_sarif(result: CiReport) -> str:
    """One run, one rule per check id that occurs, one result per finding (up to the cap)."""
    kept, omitted = _capped(result)
    rule_ids = sorted({p.check for p in kept})
    index = {rule_id: n for n, rule_id in enumerate(rule_ids)}
    levels: dict[str, str] = {}
    for item in kept:
        levels.setdefault(item.check, item.level)
    rules: list[dict[str, object]] = []
    for rule_id in rule_ids:
        spec = check_spec(rule_id)
        rules.append(
            {
                "id": rule_id,
                "name": "".join(w.capitalize() for w in rule_id.split("-")),
                "shortDescription": {"text": spec.title},
                "fullDescription": {"text": spec.why or spec.title},
                "help": {"text": spec.fix or spec.title},
                "defaultConfiguration": {"level": _SARIF_LEVEL[levels[rule_id]]},
                "properties": {"category": spec.category, "severity": str(spec.severity)},
            }
        )
    results = [_result(p, index[p.check], result) for p in kept]
    if omitted:
        rules.append(_OMITTED_RULE_ENTRY)
        results.append(_omitted_result(omitted, len(rules) - 1, result))
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "siteaudit",
                "version": __version__,
                "informationUri": _INFO_URI,
                "rules": rules,
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "pages": result.page_count,
            "findings": len(result.findings),
            "new": sum(1 for p in result.findings if p.new),
            "omitted": len(omitted),
        },
    }
    if result.is_folder:
        run["originalUriBaseIds"] = {"SITEROOT": {"description": {"text": "the checked folder"}}}
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _result(item: CiFinding, rule_index: int, result: CiReport) -> dict[str, object]:
    physical: dict[str, object]
    if item.file:
        physical = {"artifactLocation": {"uri": item.file, "uriBaseId": "SITEROOT"}}
    else:
        physical = {"artifactLocation": {"uri": item.page}}
    if item.line:
        # the line:column of the link in the HTML as fetched (the file's, for folder input)
        physical["region"] = {"startLine": item.line, "startColumn": item.column or 1}
    out: dict[str, object] = {
        "ruleId": item.check,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[item.level],
        "message": {"text": item.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"siteaudit/v1": "|".join(item.key)},
    }
    properties: dict[str, object] = {"target": item.target, "status": item.status}
    if is_grouped(item.check):
        properties["group"] = group_id(item.check, item.target)
    if item.finding.fix:
        # A SARIF "fixes" entry needs artifact edits; the concrete advice goes in the help.
        properties["fix"] = item.finding.fix
    out["properties"] = properties
    if result.baseline_used:
        out["baselineState"] = "new" if item.new else "unchanged"
    return out


_OMITTED_RULE_ENTRY: dict[str, object] = {
    "id": OMITTED_RULE,
    "name": "ResultsOmitted",
    "shortDescription": {"text": "More findings than a SARIF run holds"},
    "fullDescription": {
        "text": "SARIF consumers keep a limited number of results per run (GitHub code "
        "scanning: 25,000); the findings past the cap are in the JSON output."
    },
    "help": {"text": "Write the full list with --write json=PATH."},
    "defaultConfiguration": {"level": "note"},
}


def _capped(result: CiReport) -> tuple[list[CiFinding], list[CiFinding]]:
    """(results written, results left out): failing findings first, then by level, each
    in the report's order; one place is kept for the summary result of the rest."""
    findings = result.findings
    cap = max(1, result.max_sarif_results)
    if len(findings) <= cap:
        return findings, []
    rank = {"error": 0, "warning": 1, "notice": 2}
    order = sorted(
        range(len(findings)),
        key=lambda n: (not result.fails(findings[n]), rank[findings[n].level]),
    )
    chosen = set(order[: cap - 1])
    kept = [f for n, f in enumerate(findings) if n in chosen]
    omitted = [f for n, f in enumerate(findings) if n not in chosen]
    return kept, omitted


def _omitted_result(
    omitted: list[CiFinding], rule_index: int, result: CiReport
) -> dict[str, object]:
    counts = [
        f"{n:,} {level}{'' if n == 1 else 's'}"
        for level in ("error", "warning", "notice")
        if (n := sum(1 for p in omitted if p.level == level))
    ]
    where = (
        "full list: " + ", ".join(result.details)
        if result.details
        else "write the full list with --write json=PATH"
    )
    first = omitted[0]
    artifact: dict[str, object] = (
        {"uri": first.file, "uriBaseId": "SITEROOT"} if first.file else {"uri": first.page}
    )
    return {
        "ruleId": OMITTED_RULE,
        "ruleIndex": rule_index,
        "level": "note",
        "message": {
            "text": f"{len(omitted):,} more findings not in this SARIF file "
            f"({', '.join(counts)}); SARIF runs are capped at "
            f"{result.max_sarif_results:,} results; {where}."
        },
        "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
        "partialFingerprints": {"siteaudit/v1": OMITTED_RULE},
        "properties": {"omitted": len(omitted)},
    }
