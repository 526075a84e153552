"""JSON output: the whole result, stable keys, for scripts."""

from __future__ import annotations

import json

from siteaudit.reports.ci_formats.model import CiReport

from siteaudit.core.version import __version__


def render_json(result: CiReport) -> str:
    """{"tool", "target", "summary", "problems": [...], "fixed": [...]} as indented JSON."""
    data = {
        "tool": {"name": "siteaudit", "version": __version__},
        "schema": 1,
        "command": result.command,
        "target": result.target,
        "summary": {
            "pages": len(result.pages),
            **result.counts,
            "errors": result.count("error"),
            "warnings": result.count("warning"),
            "notices": result.count("notice"),
            "exit_code": result.exit_code,
            "elapsed_s": result.elapsed_s,
        },
        "problems": [item.as_dict() for item in result.findings],
        "fixed": [{"check": c, "url": u, "target": t} for c, u, t in result.fixed],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
