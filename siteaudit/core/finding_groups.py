"""Findings about a link target, grouped by that target.

A missing stylesheet linked from a site-wide header is one problem, not 1,445: every check
whose registry entry says ``subject="target"`` makes one finding per linking page, and the
reports show them as one group per (check, target) with the linking places. The per-page
findings stay as they are (the editor view and the worklist want one row per page to fix).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from siteaudit.core.checks import check_spec
from siteaudit.core.records import Finding, Severity


def is_grouped(check: str) -> bool:
    """True when the check's findings are about a link target (grouped by target)."""
    return check_spec(check).subject == "target"


def finding_target(finding: Finding) -> str:
    """The link target a finding is about (its page when the evidence names none)."""
    target = finding.evidence.get("target")
    return target if isinstance(target, str) and target else finding.url


def group_id(check: str, target: str) -> str:
    """A stable id for a (check, target) group: the same in every crawl and every format."""
    digest = hashlib.sha1(f"{check}\0{target}".encode(), usedforsecurity=False)
    return f"{check}:{digest.hexdigest()[:12]}"


@dataclass(frozen=True, slots=True)
class LinkPlace:
    """Where a grouped finding's link sits: the page, its anchor text, line:column."""

    page: str
    anchor: str | None = None
    line: int | None = None
    column: int | None = None

    @classmethod
    def of(cls, finding: Finding) -> LinkPlace:
        ev = finding.evidence
        anchor, line, column = ev.get("anchor"), ev.get("line"), ev.get("column")
        return cls(
            finding.url,
            anchor if isinstance(anchor, str) else None,
            line if isinstance(line, int) else None,
            column if isinstance(column, int) else None,
        )

    def to_dict(self) -> dict[str, object]:
        return {"url": self.page, "anchor": self.anchor, "line": self.line, "column": self.column}


@dataclass(slots=True)
class FindingGroup:
    """All findings of one check about one link target."""

    check: str
    target: str
    severity: Severity
    findings: list[Finding] = field(default_factory=list)

    @property
    def id(self) -> str:
        return group_id(self.check, self.target)

    @property
    def places(self) -> list[LinkPlace]:
        """The linking places, in the order of the findings."""
        return [LinkPlace.of(f) for f in self.findings]

    @property
    def inlinks(self) -> int:
        """How many distinct pages link to the target."""
        return len({f.url for f in self.findings})

    @property
    def message(self) -> str:
        """The first finding's message: it names the target and how it fails."""
        return self.findings[0].message if self.findings else ""

    def to_dict(self) -> dict[str, object]:
        """The findings.json record of the group (see docs/findings.md)."""
        first = self.findings[0].evidence if self.findings else {}
        return {
            "id": self.id,
            "check": self.check,
            "severity": str(self.severity),
            "target": self.target,
            "status": first.get("status"),
            "error": first.get("error"),
            "inlinks": self.inlinks,
            "findings": len(self.findings),
            "places": [p.to_dict() for p in self.places],
        }


def group_findings(findings: Iterable[Finding]) -> list[FindingGroup]:
    """The grouped checks' findings as one group per (check, target).

    Worst severity first, then most linking pages, then check and target; the findings of a
    group keep their input order. Findings of other checks are left out.
    """
    groups: dict[tuple[str, str], FindingGroup] = {}
    for f in findings:
        if not is_grouped(f.check):
            continue
        target = finding_target(f)
        group = groups.get((f.check, target))
        if group is None:
            group = groups[(f.check, target)] = FindingGroup(f.check, target, f.severity)
        elif f.severity.rank < group.severity.rank:
            group.severity = f.severity
        group.findings.append(f)
    return sorted(groups.values(), key=lambda g: (g.severity.rank, -g.inlinks, g.check, g.target))
