"""SARIF 2.1.0: for GitHub code scanning and other static-analysis dashboards.

Rules come from the check registry. Results are located at file + line:column for folder
input (the built site's HTML source), at the page URL + line:column in the fetched page
otherwise. Findings about a link target carry their group's id (``properties.group``), so
a dashboard can fold a broken URL linked from 1,445 pages into one problem. With a
baseline, results carry ``baselineState``.
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


def render_sarif(result: CiReport) -> str:
    """One run, one rule per check id that occurs, one result per finding."""
    rule_ids = sorted({p.check for p in result.findings})
    index = {rule_id: n for n, rule_id in enumerate(rule_ids)}
    levels: dict[str, str] = {}
    for item in result.findings:
        levels.setdefault(item.check, item.level)
    rules = []
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
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "siteaudit",
                "version": __version__,
                "informationUri": _INFO_URI,
                "rules": rules,
            }
        },
        "results": [_result(p, index[p.check], result) for p in result.findings],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "pages": result.page_count,
            "findings": len(result.findings),
            "new": sum(1 for p in result.findings if p.new),
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
