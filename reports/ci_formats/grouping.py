"""Findings grouped by the page that holds them, in output order (shared by renderers)."""

from __future__ import annotations

from siteaudit.reports.ci_formats.model import CiFinding, CiReport


def by_page(result: CiReport, *, include_known: bool = False) -> dict[str, list[CiFinding]]:
    """Page name (file or URL) -> its findings; baselined ones only when asked."""
    groups: dict[str, list[CiFinding]] = {}
    for item in result.findings:
        if item.new or include_known:
            groups.setdefault(item.file or item.page, []).append(item)
    return groups


def where(item: CiFinding) -> str:
    """'file:line:col', 'url' or 'url (line N)', for one-line messages."""
    name = item.file or item.page
    if item.line and item.file:
        return f"{name}:{item.line}:{item.column or 1}"
    return name


def describe(item: CiFinding) -> str:
    """'[404] target' with the redirect target when there is one."""
    text = f"[{item.status}] {item.target}"
    if item.redirect_to:
        text += f" -> {item.redirect_to}"
    return text
