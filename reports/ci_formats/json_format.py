"""JSON output: the whole result, stable keys, for scripts."""

from __future__ import annotations

import json
from dataclasses import asdict

from siteaudit.app.check import CheckResult
from siteaudit.core.version import __version__


def render_json(result: CheckResult) -> str:
    """{"tool", "target", "summary", "problems": [...], "fixed": [...]} as indented JSON."""
    data = {
        "tool": {"name": "siteaudit", "version": __version__},
        "schema": 1,
        "target": result.target,
        "summary": {
            "pages": len(result.pages),
            **result.counts,
            "errors": result.count("error"),
            "warnings": result.count("warning"),
            "exit_code": result.exit_code,
            "elapsed_s": result.elapsed_s,
        },
        "problems": [{k: v for k, v in asdict(p).items() if k != "key"} for p in result.problems],
        "fixed": [{"check": c, "url": u, "target": t} for c, u, t in result.fixed],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
