"""SARIF 2.1.0: for GitHub code scanning and other static-analysis dashboards.

Results are located at file + line:column for folder input (the built site's HTML source),
at the page URL otherwise. With a baseline, results carry ``baselineState``.
"""

from __future__ import annotations

import json

from siteaudit.analysis.catalog import CheckInfo, check_info
from siteaudit.analysis.link_check_catalog import LINK_CHECKS

from siteaudit.app.check import CheckResult, Problem
from siteaudit.core.version import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_EXTRA_INFO = {c.id: c for c in LINK_CHECKS}
_INFO_URI = "https://github.com/siteaudit/siteaudit#siteaudit-check"


def _info(check: str) -> CheckInfo:
    return _EXTRA_INFO.get(check) or check_info(check)


def render_sarif(result: CheckResult) -> str:
    """One run, one rule per check id that occurs, one result per problem."""
    rule_ids = sorted({p.check for p in result.problems})
    rules = []
    for rule_id in rule_ids:
        info = _info(rule_id)
        level = next(p.level for p in result.problems if p.check == rule_id)
        rules.append(
            {
                "id": rule_id,
                "name": "".join(w.capitalize() for w in rule_id.split("-")),
                "shortDescription": {"text": info.title},
                "fullDescription": {"text": info.why or info.title},
                "help": {"text": info.fix or info.title},
                "defaultConfiguration": {"level": level},
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
        "results": [_result(p, rule_ids.index(p.check), result) for p in result.problems],
        "columnKind": "unicodeCodePoints",
    }
    if result.is_folder:
        run["originalUriBaseIds"] = {"SITEROOT": {"description": {"text": "the checked folder"}}}
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _result(problem: Problem, rule_index: int, result: CheckResult) -> dict[str, object]:
    physical: dict[str, object]
    if problem.file:
        physical = {"artifactLocation": {"uri": problem.file, "uriBaseId": "SITEROOT"}}
        if problem.line:
            physical["region"] = {
                "startLine": problem.line,
                "startColumn": problem.column or 1,
            }
    else:
        physical = {"artifactLocation": {"uri": problem.page}}
    level = "error" if problem.level == "error" else "warning"
    out: dict[str, object] = {
        "ruleId": problem.check,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"siteaudit/v1": "|".join(problem.key)},
        "properties": {"target": problem.target, "status": problem.status},
    }
    if result.baseline_used:
        out["baselineState"] = "new" if problem.new else "unchanged"
    return out
