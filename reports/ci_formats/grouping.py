"""Findings grouped for the CI renderers: by link target, and by page for per-page formats.

A broken URL linked from a site-wide header is one problem with many linking places: every
check whose registry entry has ``subject="target"`` is grouped by (check, target); any other
finding is a group of its own. Groups come worst level first, then most linking pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from siteaudit.reports.ci_formats.model import CiFinding, CiReport, Level

from siteaudit.core.finding_groups import group_id, is_grouped

LEVEL_RANK: dict[str, int] = {"error": 0, "warning": 1, "notice": 2}


@dataclass(slots=True)
class CiGroup:
    """One problem: a link target and the places linking to it (or one page's finding)."""

    check: str
    level: Level
    target: str
    items: list[CiFinding] = field(default_factory=list)

    @property
    def id(self) -> str:
        return group_id(self.check, self.target)

    @property
    def first(self) -> CiFinding:
        return self.items[0]

    @property
    def status(self) -> str:
        return self.first.status

    @property
    def redirect_to(self) -> str | None:
        return self.first.redirect_to

    @property
    def pages(self) -> list[str]:
        """The distinct pages (files for folder input) holding the links, in order."""
        return list(dict.fromkeys(i.file or i.page for i in self.items))

    @property
    def inlinks(self) -> int:
        return len(self.pages)

    @property
    def grouped(self) -> bool:
        """True for a check about a link target (its places are linking pages)."""
        return is_grouped(self.check)

    def to_dict(self) -> dict[str, object]:
        """The JSON format's group record."""
        return {
            "id": self.id,
            "check": self.check,
            "level": self.level,
            "target": self.target,
            "status": self.status,
            "redirect_to": self.redirect_to,
            "inlinks": self.inlinks,
            "findings": len(self.items),
            "new": sum(1 for i in self.items if i.new),
            "places": [
                {
                    "page": i.page,
                    "file": i.file,
                    "line": i.line,
                    "column": i.column,
                    "anchor": i.anchor,
                    "new": i.new,
                }
                for i in self.items
            ],
        }


def by_target(result: CiReport, *, include_known: bool = False) -> list[CiGroup]:
    """Groups of the (new, unless asked) findings: errors first, most linking pages first."""
    groups: dict[tuple[str, str], CiGroup] = {}
    for item in result.findings:
        if not (item.new or include_known):
            continue
        # a check about the page itself: every finding is its own problem
        key = item.group_key
        group = groups.get(key)
        if group is None:
            group = groups[key] = CiGroup(item.check, item.level, item.target)
        elif LEVEL_RANK[item.level] < LEVEL_RANK[group.level]:
            group.level = item.level
        group.items.append(item)
    return sorted(
        groups.values(),
        key=lambda g: (LEVEL_RANK[g.level], -g.inlinks, g.check, g.target, where(g.first)),
    )


def by_page(result: CiReport, *, include_known: bool = False) -> dict[str, list[CiFinding]]:
    """Page name (file or URL) -> its findings; baselined ones only when asked."""
    groups: dict[str, list[CiFinding]] = {}
    for item in result.findings:
        if item.new or include_known:
            groups.setdefault(item.file or item.page, []).append(item)
    return groups


def where(item: CiFinding) -> str:
    """'file:line:col' or 'url:line:col' (the line in the fetched page), or the bare name."""
    name = item.file or item.page
    if item.line:
        return f"{name}:{item.line}:{item.column or 1}"
    return name


def describe(item: CiFinding | CiGroup) -> str:
    """'[404] target' with the redirect target when there is one."""
    text = f"[{item.status}] {item.target}"
    if item.redirect_to:
        text += f" -> {item.redirect_to}"
    return text


@dataclass(frozen=True, slots=True)
class CheckCount:
    """One row of the summary: a check, its level, its findings and distinct targets."""

    check: str
    level: Level
    findings: int
    targets: int


def check_counts(groups: list[CiGroup]) -> list[CheckCount]:
    """Findings and distinct targets per check, worst level first, then most findings."""
    rows: dict[tuple[str, Level], list[int]] = {}
    for g in groups:
        row = rows.setdefault((g.check, g.level), [0, 0])
        row[0] += len(g.items)
        row[1] += 1
    counts = [CheckCount(c, lvl, n, t) for (c, lvl), (n, t) in rows.items()]
    return sorted(counts, key=lambda r: (LEVEL_RANK[r.level], -r.findings, r.check))


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors', '1,410 errors'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def totals_line(groups: list[CiGroup]) -> str:
    """'1,410 errors in 50 distinct targets, 3,794 warnings in 12 distinct targets'."""
    parts = []
    for level in ("error", "warning", "notice"):
        of_level = [g for g in groups if g.level == level]
        findings = sum(len(g.items) for g in of_level)
        if findings or level != "notice":
            targets = plural(len(of_level), "distinct target")
            parts.append(f"{plural(findings, level)} in {targets}")
    return ", ".join(parts)
