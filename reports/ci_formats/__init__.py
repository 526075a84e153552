"""CI output formats of ``siteaudit check``: one module per format, each a function from a
CheckResult to text."""

from __future__ import annotations

from collections.abc import Callable

from siteaudit.reports.ci_formats.github import render_github
from siteaudit.reports.ci_formats.json_format import render_json
from siteaudit.reports.ci_formats.junit import render_junit
from siteaudit.reports.ci_formats.markdown import render_markdown
from siteaudit.reports.ci_formats.sarif import render_sarif
from siteaudit.reports.ci_formats.text import render_text

from siteaudit.app.check import CheckResult

Renderer = Callable[[CheckResult], str]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "junit": render_junit,
    "sarif": render_sarif,
    "markdown": render_markdown,
    "github": render_github,
}

__all__ = ["FORMATS", "Renderer"]
