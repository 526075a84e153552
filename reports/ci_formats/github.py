"""GitHub Actions workflow commands: one ::error/::warning/::notice annotation per finding."""

from __future__ import annotations

from siteaudit.reports.ci_formats.grouping import describe
from siteaudit.reports.ci_formats.model import CiReport


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CiReport) -> str:
    """Annotations located at file,line,col for folder input; at the page URL otherwise."""
    lines = []
    for p in result.findings:
        if not p.new:
            continue
        level = "error" if result.fails(p) else ("notice" if p.level == "notice" else "warning")
        props = [f"title={_escape_property(p.check + ' ' + p.status)}"]
        if p.file:
            props.insert(0, f"file={_escape_property(p.file)}")
            if p.line:
                props.insert(1, f"line={p.line}")
                props.insert(2, f"col={p.column or 1}")
        message = f"{describe(p)} on {p.file or p.page}: {p.message}"
        lines.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
