"""CI output formats: one module per format, each a function from a CiReport to text.

``siteaudit check`` and ``siteaudit crawl``/``report`` (``--write FORMAT=PATH``) share them.
"""

from __future__ import annotations

from collections.abc import Callable

from siteaudit.reports.ci_formats.github import render_github
from siteaudit.reports.ci_formats.json_format import render_json
from siteaudit.reports.ci_formats.junit import render_junit
from siteaudit.reports.ci_formats.markdown import render_markdown
from siteaudit.reports.ci_formats.model import CiFinding, CiReport, audit_ci_report
from siteaudit.reports.ci_formats.sarif import render_sarif
from siteaudit.reports.ci_formats.text import render_text

Renderer = Callable[[CiReport], str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "sarif": render_sarif,
    "markdown": render_markdown,
    "github": render_github,
}

__all__ = ["FORMATS", "CiFinding", "CiReport", "Renderer", "audit_ci_report"]
