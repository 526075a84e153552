"""What changed from one crawl to a later one: the record a crawl diff fills and reports show."""

from __future__ import annotations

from dataclasses import dataclass, field

from siteaudit.core.records import Finding

COMPARED_FIELDS = ("status", "title", "canonical")


@dataclass(frozen=True, slots=True)
class PageChange:
    """One field of one URL that differs between the crawls."""

    url: str
    field: str  # status, title, canonical
    old: object
    new: object


@dataclass(slots=True)
class CrawlDiff:
    """What changed from one crawl to a later one."""

    old_crawl: int
    new_crawl: int
    new_findings: list[Finding] = field(default_factory=list)
    fixed_findings: list[Finding] = field(default_factory=list)
    persisting_findings: list[Finding] = field(default_factory=list)
    pages_added: list[str] = field(default_factory=list)
    pages_removed: list[str] = field(default_factory=list)
    changes: list[PageChange] = field(default_factory=list)
    old_analysed: bool = True  # False when the old crawl has no stored findings to compare

    def changed(self, field_name: str) -> list[PageChange]:
        """The changes of one field (status, title or canonical)."""
        return [c for c in self.changes if c.field == field_name]

    def summary(self) -> dict[str, int]:
        """Counts for a one-line summary or a JSON header."""
        counts = {
            "new_findings": len(self.new_findings),
            "fixed_findings": len(self.fixed_findings),
            "persisting_findings": len(self.persisting_findings),
            "pages_added": len(self.pages_added),
            "pages_removed": len(self.pages_removed),
        }
        for name in COMPARED_FIELDS:
            counts[f"{name}_changed"] = len(self.changed(name))
        return counts

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, lists sorted for stable output."""
        return {
            "old_crawl": self.old_crawl,
            "new_crawl": self.new_crawl,
            "old_analysed": self.old_analysed,
            "summary": self.summary(),
            "new_findings": [f.to_dict() for f in self.new_findings],
            "fixed_findings": [f.to_dict() for f in self.fixed_findings],
            "persisting_findings": [f.to_dict() for f in self.persisting_findings],
            "pages_added": self.pages_added,
            "pages_removed": self.pages_removed,
            "changes": [
                {"url": c.url, "field": c.field, "old": c.old, "new": c.new} for c in self.changes
            ],
        }
