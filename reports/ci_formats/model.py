"""What the CI formats render: findings with a CI level and a location, and the run around them.

``siteaudit check`` and ``siteaudit crawl``/``report`` both hand the renderers a ``CiReport``
of ``CiFinding`` records, each wrapping an ordinary ``Finding``; the fields a CI line shows
(target, status, anchor, redirect target, line) are read from the finding's evidence, whose
shape the check registry names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from siteaudit.core.checks import check_spec
from siteaudit.core.records import Finding, Severity

# error: fails the run; warning: fails it with --strict; notice: shown, never fails.
Level = Literal["error", "warning", "notice"]
BaselineKey = tuple[str, str, str]  # (check, page, target), URLs relative to the site root

EXIT_OK = 0
EXIT_BROKEN = 1


def severity_level(finding: Finding) -> Level:
    """The CI level of an audit finding: its severity."""
    levels: dict[Severity, Level] = {Severity.ERROR: "error", Severity.WARNING: "warning"}
    return levels.get(finding.severity, "notice")


@dataclass(slots=True)
class CiFinding:
    """One finding as CI sees it: its level, its file (folder input) and baseline state."""

    finding: Finding
    level: Level
    file: str | None = None  # folder input: the page's file, relative to the folder
    key: BaselineKey = ("", "", "")
    new: bool = True  # False when the baseline already lists it

    @property
    def check(self) -> str:
        return self.finding.check

    @property
    def page(self) -> str:
        """The page holding the link (or the redirecting URL, the page found)."""
        return self.finding.url

    @property
    def message(self) -> str:
        return self.finding.message

    @property
    def target(self) -> str:
        """What failed: the linked URL, the redirect hops, or the page itself."""
        ev = self.finding.evidence
        if check_spec(self.check).evidence == "redirect-path":
            # ignore: evidence values are object; hops is a list for this evidence type
            return " -> ".join(str(h) for h in ev.get("hops", ()))  # type: ignore[attr-defined]
        return str(ev.get("target") or self.finding.url)

    @property
    def redirect_to(self) -> str | None:
        """Where a link's redirect ends (None for chains and loops: the hops say it)."""
        if check_spec(self.check).evidence == "redirect-path":
            return None
        final = self.finding.evidence.get("final")
        return str(final) if final else None

    @property
    def status(self) -> str:
        """'404', 'timeout', 'tls', 'blocked (403)', 'redirect', 'missing #id', ..."""
        ev, kind = self.finding.evidence, check_spec(self.check).evidence
        if kind == "link-fragment":
            return f"missing #{ev.get('fragment')}"
        if kind == "link-redirect":
            return "redirect"
        if kind == "redirect-path":
            return self.check.replace("-", " ")
        if kind == "link-robots":
            return "robots.txt"
        if kind not in ("link", "url-status"):
            return self.check  # not a link: the check names the problem
        error, status = ev.get("error"), ev.get("status")
        if error == "blocked":
            return f"blocked ({status})"
        if error == "redirect loop":
            return "redirect loop"
        if status:
            return str(status)
        return str(error or "no response")

    @property
    def group_key(self) -> tuple[str, str]:
        """(check, target) for a finding about a link target, else unique to the finding."""
        if check_spec(self.check).subject == "target":
            return (self.check, self.target)
        return (self.check, f"{self.file or self.page}\0{self.target}\0{self.message}")

    @property
    def anchor(self) -> str | None:
        anchor = self.finding.evidence.get("anchor")
        return anchor if isinstance(anchor, str) else None

    @property
    def line(self) -> int | None:
        line = self.finding.evidence.get("line")
        return line if isinstance(line, int) else None

    @property
    def column(self) -> int | None:
        column = self.finding.evidence.get("column")
        return column if isinstance(column, int) else None

    def as_dict(self) -> dict[str, object]:
        """The JSON format's record: the CI fields, then the finding's severity and fix."""
        return {
            "check": self.check,
            "level": self.level,
            "page": self.page,
            "target": self.target,
            "status": self.status,
            "message": self.message,
            "anchor": self.anchor,
            "redirect_to": self.redirect_to,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "new": self.new,
            "severity": str(self.finding.severity),
            "fix": self.finding.fix,
        }


@dataclass(slots=True)
class CiReport:
    """Everything one run found, ready for any CI format.

    ``command`` is "check" for a link check, "crawl" or "report" for a full audit; the
    renderers word their headings and summaries after it.
    """

    target: str
    findings: list[CiFinding]
    pages: list[str]  # checked HTML pages (file paths for folder input)
    counts: dict[str, int]  # urls, links, external, assets...
    command: str = "check"
    fixed: tuple[BaselineKey, ...] = ()
    baseline_used: bool = False
    strict: bool = False
    is_folder: bool = False
    elapsed_s: float = 0.0
    max_annotations: int = 10  # the ``github`` format's cap (GitHub shows ~10 per step)
    # SARIF results per run: GitHub code scanning keeps the first 25,000 and drops the rest.
    max_sarif_results: int = 25_000
    details: tuple[str, ...] = ()  # where the full output is (JSON, HTML), for pointers

    def fails(self, item: CiFinding) -> bool:
        """True when the finding fails the run: new, and an error (or a warning with --strict)."""
        return item.new and (item.level == "error" or (self.strict and item.level == "warning"))

    @property
    def failures(self) -> list[CiFinding]:
        """New findings that fail the run."""
        return [f for f in self.findings if self.fails(f)]

    @property
    def exit_code(self) -> int:
        return EXIT_BROKEN if self.failures else EXIT_OK

    @property
    def exit_reason(self) -> str | None:
        """One line saying why the run fails, or None when it passes."""
        failures = self.failures
        if not failures:
            return None
        parts = []
        for level in ("error", "warning"):
            items = [f for f in failures if f.level == level]
            if items:
                targets = len({f.group_key for f in items})
                noun = "target" if targets == 1 else "distinct targets"
                findings = f"{len(items):,} {level} finding{'' if len(items) == 1 else 's'}"
                parts.append(f"{findings} in {targets:,} {noun}")
        why = "--strict: warnings fail too" if self.strict else "errors fail the check"
        if self.baseline_used:
            why += "; not in the baseline"
        return f"exit {self.exit_code}: {', '.join(parts)} ({why})"

    @property
    def page_names(self) -> list[str]:
        """Every checked page, then every other location with a finding, each once.

        All formats count pages from here: a file served under two URLs (``dir/`` and
        ``dir/index.html``) is one page, and a URL that only has a finding (a redirect, an
        error page listed in a sitemap) is counted and shown like a page.
        """
        names = dict.fromkeys(self.pages)
        for item in self.findings:
            names.setdefault(item.file or item.page)
        return list(names)

    @property
    def page_count(self) -> int:
        """The page count every format reports."""
        return len(self.page_names)

    def count(self, level: str, *, new_only: bool = True) -> int:
        return sum(1 for f in self.findings if f.level == level and (f.new or not new_only))

    def location(self, page: str) -> str:
        """How a page is named in output: its file for folder input, else its URL."""
        for item in self.findings:
            if item.page == page and item.file:
                return item.file
        return page


def audit_ci_report(
    target: str, findings: list[Finding], pages: list[str], counts: dict[str, int], command: str
) -> CiReport:
    """A full audit's findings for the CI formats: each at the level of its severity."""
    items = [CiFinding(f, severity_level(f), key=f.key) for f in findings]
    return CiReport(target, items, pages, counts, command=command)
