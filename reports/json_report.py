"""findings.json: the machine-readable result of an audit, stable enough for CI diffs.

Format (``schema`` 1)::

    {
      "tool": {"name": "siteaudit", "version": "0.1.0"},
      "schema": 1,
      "crawl": {"id": 3, "started_at": "...", "finished_at": "...", "status": "finished",
                "start_urls": ["https://example.org/"], "stats": {...}},
      "summary": {"pages": 120, "findings": 7, "groups": 2,
                  "by_severity": {"error": 2, "warning": 4, "notice": 1},
                  "by_check": {"broken-link": 2, ...}},
      "groups": [{"id": "broken-link:0a1b2c3d4e5f", "check": ..., "severity": ...,
                  "target": ..., "status": 404, "error": null, "inlinks": 2, "findings": 2,
                  "places": [{"url": ..., "anchor": ..., "line": 12, "column": 5}, ...]}, ...],
      "findings": [{"check": ..., "severity": ..., "url": ..., "message": ..., "element": ...,
                    "snippet": ..., "fix": ..., "evidence": {...}, "group": ...}, ...]
    }

``groups`` holds one entry per (check, link target) of the checks whose subject is a link
target (``subject="target"`` in the registry): a broken URL linked from 1,445 pages is one
group with 1,445 places. Those checks' findings stay in ``findings``, one per linking page,
each naming its group's id in ``group``; other findings have no ``group`` key.

``by_severity`` always lists every severity, worst first, zeros included; ``by_check`` is
sorted by check id. Findings are sorted by severity (worst first), check id, URL, element,
evidence target, message, then evidence; evidence keys are sorted. Groups are sorted by
severity, most linking pages, check, target. Two runs over the same findings therefore
produce byte-identical files.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from siteaudit.reports.json_stream import dump_with_lists
from siteaudit.reports.temp_file import create_temp_beside

from siteaudit.core.finding_groups import finding_target, group_findings, group_id, is_grouped
from siteaudit.core.records import CrawlRun, Finding, Severity
from siteaudit.core.version import __version__

SCHEMA = 1


class EvidenceOrder:
    """The last-resort sort key: the evidence as sorted JSON, written only to break a tie.

    Writing it for every finding cost more than the rest of the sort together.
    """

    __slots__ = ("_evidence", "_text")

    def __init__(self, evidence: dict[str, object]) -> None:
        self._evidence = evidence
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = json.dumps(self._evidence, sort_keys=True, default=str)
        return self._text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EvidenceOrder) and self.text == other.text

    def __lt__(self, other: EvidenceOrder) -> bool:
        return self.text < other.text

    # ignore: an unhashable class sets __hash__ to None, which mypy rejects
    __hash__ = None  # type: ignore[assignment]


def finding_sort_key(f: Finding) -> tuple[int, str, str, str, str, str, EvidenceOrder]:
    """Deterministic order for findings: severity rank, check, URL, element/target."""
    return (
        f.severity.rank,
        f.check,
        f.url,
        f.element or "",
        str(f.evidence.get("target", "")),
        f.message,
        # last resort for otherwise identical findings, so ties never depend on input order
        EvidenceOrder(f.evidence),
    )


class OrderedFindings(list[Finding]):
    """Findings already in ``finding_sort_key`` order: the report and findings.json both
    want that order, and its keys cost seconds to compute for 400,000 findings."""


def in_report_order(findings: Iterable[Finding]) -> OrderedFindings:
    """The findings sorted by ``finding_sort_key`` (as they are, if already sorted)."""
    if isinstance(findings, OrderedFindings):
        return findings
    return OrderedFindings(sorted(findings, key=finding_sort_key))


def findings_document(
    run: CrawlRun, findings: Iterable[Finding], *, page_count: int
) -> dict[str, object]:
    """The findings.json document as plain data (see the module docstring for the format)."""
    document, groups, findings_dicts = _document_parts(run, findings, page_count=page_count)
    return {**document, "groups": list(groups), "findings": list(findings_dicts)}


def _document_parts(
    run: CrawlRun, findings: Iterable[Finding], *, page_count: int
) -> tuple[dict[str, object], Iterator[dict[str, object]], Iterator[dict[str, object]]]:
    """The document without its two lists, and the lists' items as they are made (a large
    site has hundreds of thousands of findings: their dicts at once took ~400 B each)."""
    ordered = in_report_order(findings)
    by_severity = Counter(str(f.severity) for f in ordered)
    by_check = Counter(f.check for f in ordered)
    groups = group_findings(ordered)
    document: dict[str, object] = {
        "tool": {"name": "siteaudit", "version": __version__},
        "schema": SCHEMA,
        "crawl": {
            "id": run.id,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "status": run.status,
            "start_urls": list(run.start_urls),
            "stats": run.stats,
        },
        "summary": {
            "pages": page_count,
            "findings": len(ordered),
            "groups": len(groups),
            "by_severity": {str(s): by_severity.get(str(s), 0) for s in Severity},
            "by_check": dict(sorted(by_check.items())),
        },
    }
    return document, (g.to_dict() for g in groups), (_finding_dict(f) for f in ordered)


def _finding_dict(f: Finding) -> dict[str, object]:
    data = f.to_dict()
    data["evidence"] = dict(sorted(f.evidence.items()))
    if is_grouped(f.check):
        data["group"] = group_id(f.check, finding_target(f))
    return data


def write_findings_json(
    run: CrawlRun, findings: list[Finding], path: Path, *, page_count: int
) -> Path:
    """Write findings.json atomically (temp file + rename) and return its path."""
    path = Path(path)
    document, groups, findings_dicts = _document_parts(run, findings, page_count=page_count)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written piece by piece into a temp file: a bad value stops the write, the temp file is
    # removed and the previous findings.json stays as it was.
    fd, tmp_name = create_temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            # Written as it is encoded: a findings.json of hundreds of megabytes is never
            # held in memory whole.
            lists: list[tuple[str, Iterable[object]]] = [
                ("groups", groups),
                ("findings", findings_dicts),
            ]
            dump_with_lists(document, lists, fh)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return path
