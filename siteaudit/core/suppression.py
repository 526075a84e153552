"""Suppression rules and what applying them gives: the records the app fills and reports show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from siteaudit.core.records import Finding
from siteaudit.core.user_regex import UserRegex

# A ``re:`` pattern (RE2, a user's regex) or a glob translated by fnmatch (``re``).
UrlPattern = UserRegex | re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Suppression:
    """One rule: which findings it hides, as what, and why."""

    check: str
    status: str
    url: str | None = None
    url_pattern: str | None = None
    target: str | None = None
    reason: str = ""
    _url_re: UrlPattern | None = field(default=None, compare=False, repr=False)
    _check_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _target_re: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @property
    def where(self) -> str:
        """The URL or pattern this rule covers, for display."""
        return self.url or self.url_pattern or "*"

    def matches(self, finding: Finding) -> bool:
        """True when the finding is the one (or one of those) this rule hides."""
        if self._check_re is None:
            if finding.check != self.check:
                return False
        elif not self._check_re.fullmatch(finding.check):
            return False
        if self.url is not None and finding.url != self.url:
            return False
        if self._url_re is not None and not self._url_re.search(finding.url):
            return False
        if self.target is not None:
            target = str(finding.evidence.get("target", ""))
            if self._target_re is None:
                return target == self.target
            return bool(self._target_re.fullmatch(target))
        return True


@dataclass(frozen=True, slots=True)
class SuppressedFinding:
    """A finding hidden by a rule, kept so the report can list what it hides."""

    finding: Finding
    rule: Suppression


@dataclass(frozen=True, slots=True)
class SuppressionResult:
    """Findings split into those still reported and those suppressed."""

    kept: list[Finding]
    suppressed: list[SuppressedFinding]
    rules: list[Suppression] = field(default_factory=list)
