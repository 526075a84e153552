"""Problems grouped by the page that holds them, in output order (shared by renderers)."""

from __future__ import annotations

from siteaudit.app.check import CheckResult, Problem


def by_page(result: CheckResult, *, include_known: bool = False) -> dict[str, list[Problem]]:
    """Page name (file or URL) -> its problems; baselined ones only when asked."""
    groups: dict[str, list[Problem]] = {}
    for problem in result.problems:
        if problem.new or include_known:
            groups.setdefault(problem.file or problem.page, []).append(problem)
    return groups


def where(problem: Problem) -> str:
    """'file:line:col', 'url' or 'url (line N)', for one-line messages."""
    name = problem.file or problem.page
    if problem.line and problem.file:
        return f"{name}:{problem.line}:{problem.column or 1}"
    return name


def describe(problem: Problem) -> str:
    """'[404] target' with the redirect target when there is one."""
    text = f"[{problem.status}] {problem.target}"
    if problem.redirect_to:
        text += f" -> {problem.redirect_to}"
    return text
