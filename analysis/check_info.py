"""The static description of a check, shared by the catalogue and the family catalogues."""

from __future__ import annotations

from dataclasses import dataclass

from siteaudit.core.records import Severity


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """Static description of one check."""

    id: str
    title: str
    category: str  # links, redirects, content, indexability, crawl
    severity: Severity
    why: str
    fix: str
