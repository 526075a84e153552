"""JSON output: the whole result, stable keys, for scripts."""

from __future__ import annotations

import json

from siteaudit.reports.ci_formats.grouping import by_target
from siteaudit.reports.ci_formats.model import CiReport

from siteaudit.core.version import __version__


def render_json(result: CiReport) -> str:
    """{"tool", "target", "summary", "groups", "problems", "fixed"} as indented JSON.

    ``groups``: one entry per problem (a link target with its linking places, or one
    finding), baselined ones included; ``summary`` counts new findings and their targets.
    """
    new_groups = by_target(result)
    data = {
        "tool": {"name": "siteaudit", "version": __version__},
        "schema": 1,
        "command": result.command,
        "target": result.target,
        "summary": {
            **result.counts,
            "pages": result.page_count,
            "findings": sum(len(g.items) for g in new_groups),
            "targets": len(new_groups),
            "errors": result.count("error"),
            "warnings": result.count("warning"),
            "notices": result.count("notice"),
            "exit_code": result.exit_code,
            "elapsed_s": result.elapsed_s,
        },
        "groups": [g.to_dict() for g in by_target(result, include_known=True)],
        "problems": [item.as_dict() for item in result.findings],
        "fixed": [{"check": c, "url": u, "target": t} for c, u, t in result.fixed],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
