"""The check registry: every check siteaudit knows, declared once.

``CHECKS`` maps a check id to its ``CheckSpec``. The analysis builds findings with
``make_finding`` (severity and generic fix from the spec); the HTML report, the CI formats
(SARIF rules, CI levels) and docs/checks.md read the same specs.
"""

from __future__ import annotations

from siteaudit.core.checks.content import CONTENT_CHECKS
from siteaudit.core.checks.crawl import CRAWL_CHECKS
from siteaudit.core.checks.graph import GRAPH_CHECKS
from siteaudit.core.checks.links import LINK_CHECKS
from siteaudit.core.checks.pages import PAGE_CHECKS
from siteaudit.core.checks.rendering import RENDER_CHECKS
from siteaudit.core.checks.spec import EVIDENCE_TYPES, CheckSpec, CiLevel, Subject
from siteaudit.core.checks.structured import STRUCTURED_DATA_CHECKS
from siteaudit.core.records import Finding, Severity

__all__ = [
    "CHECKS",
    "EVIDENCE_TYPES",
    "CheckSpec",
    "CiLevel",
    "Subject",
    "check_spec",
    "make_finding",
]


def _registry(*groups: list[CheckSpec]) -> dict[str, CheckSpec]:
    registry: dict[str, CheckSpec] = {}
    for spec in (spec for group in groups for spec in group):
        if spec.id in registry:
            raise ValueError(f"check {spec.id} is declared twice")
        registry[spec.id] = spec
    return registry


CHECKS: dict[str, CheckSpec] = _registry(
    LINK_CHECKS,
    PAGE_CHECKS,
    CRAWL_CHECKS,
    CONTENT_CHECKS,
    GRAPH_CHECKS,
    RENDER_CHECKS,
    STRUCTURED_DATA_CHECKS,
)


def check_spec(check_id: str) -> CheckSpec:
    """The spec of a check id; an id no longer registered (an old store) gets a bare one."""
    spec = CHECKS.get(check_id)
    if spec is not None:
        return spec
    title = check_id.replace("-", " ").capitalize()
    return CheckSpec(check_id, "other", "other", Severity.NOTICE, title, "", "", "none")


def make_finding(
    check_id: str,
    url: str,
    message: str,
    *,
    element: str | None = None,
    snippet: str | None = None,
    fix: str | None = None,
    evidence: dict[str, object] | None = None,
) -> Finding:
    """A finding of a registered check (KeyError for an unknown id: declare it first)."""
    return CHECKS[check_id].finding(
        url, message, element=element, snippet=snippet, fix=fix, evidence=evidence
    )
