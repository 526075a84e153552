"""Structured-data checks: unreadable JSON-LD, Google's required and recommended properties of
FAQPage, QAPage, Article and BreadcrumbList, FAQ markup the reader cannot see, and the same
FAQ question marked up on several pages.

The crawler records, per page with such markup, a ``structured-data`` event holding the
nodes (siteaudit.crawler.structured_data); these checks read them from the stored events.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from siteaudit.analysis.data import AuditData

from siteaudit.core.checks import make_finding
from siteaudit.core.records import Finding
from siteaudit.core.structured_data import Problem, faq_questions, missing_properties, node_types

EVENT = "structured-data"
# Missing properties named in a message before "and N more".
_NAMED = 4


def check_structured_data(data: AuditData) -> Iterator[Finding]:
    """Every structured-data finding of the crawl."""
    questions: dict[str, list[str]] = defaultdict(list)  # normalised question -> pages
    for event in data.events:
        if event.kind != EVENT:
            continue
        try:
            record = json.loads(event.detail)
        except ValueError:
            continue  # not written by this version: nothing to say
        yield from _page_findings(event.url, record)
        for node in record.get("nodes", []):
            for question in faq_questions(node):
                pages = questions[" ".join(question.casefold().split())]
                if event.url not in pages:
                    pages.append(event.url)
    yield from _duplicate_faqs(questions, data)


def _page_findings(url: str, record: dict[str, Any]) -> Iterator[Finding]:
    for reason in record.get("invalid", []):
        yield make_finding(
            "structured-data-invalid",
            url,
            f"Unreadable JSON-LD, ignored by search engines: {reason}",
            element="structured data",
            snippet=str(reason),
            evidence={"format": "json-ld", "error": reason},
        )
    for node in record.get("nodes", []):
        problems = missing_properties(node)
        for level in ("required", "recommended"):
            found = [p for p in problems if p.level == level]
            if found:
                yield _missing(url, node, level, found)
    hidden = record.get("hidden", [])
    if hidden:
        shown = "; ".join(str(h) for h in hidden[:2])
        more = f" (and {len(hidden) - 2} more)" if len(hidden) > 2 else ""
        yield make_finding(
            "faq-not-visible",
            url,
            f"{len(hidden)} FAQ text(s) marked up but not on the page: {shown}{more}",
            element="FAQ markup",
            snippet=str(hidden[0]),
            evidence={"hidden": hidden},
        )


def _missing(url: str, node: dict[str, Any], level: str, problems: list[Problem]) -> Finding:
    kind = problems[0].type
    names = [p.describe() for p in problems]
    listed = ", ".join(names[:_NAMED]) + (
        f" and {len(names) - _NAMED} more" if len(names) > _NAMED else ""
    )
    message = (
        f"{kind} markup ({node.get('@format', 'json-ld')}) lacks {level} "
        f"propert{'ies' if len(names) > 1 else 'y'}: {listed}"
    )
    evidence: dict[str, object] = {
        "type": kind,
        "types": node_types(node),
        "format": node.get("@format", "json-ld"),
        "missing": names,
        "level": level,
    }
    element = f"{kind} structured data"
    if level == "required":
        return make_finding(
            "structured-data-required",
            url,
            message,
            element=element,
            snippet=kind,
            evidence=evidence,
        )
    return make_finding(
        "structured-data-recommended",
        url,
        message,
        element=element,
        snippet=kind,
        evidence=evidence,
    )


def _duplicate_faqs(questions: dict[str, list[str]], data: AuditData) -> Iterator[Finding]:
    """Pages whose FAQ markup repeats questions a page reached earlier already marks up."""

    def order(url: str) -> tuple[int, str]:
        page = data.pages.get(url)
        return (page.depth if page else 0, url)

    repeats: dict[str, dict[str, list[str]]] = defaultdict(dict)  # page -> first page -> qs
    for question, pages in questions.items():
        if len(pages) < 2:
            continue
        first, *others = sorted(pages, key=order)
        for page in others:
            repeats[page].setdefault(first, []).append(question)
    for page, firsts in sorted(repeats.items()):
        repeated = [q for qs in firsts.values() for q in qs]
        others = sorted(firsts)
        yield make_finding(
            "faq-duplicate",
            page,
            f"{len(repeated)} FAQ question(s) marked up here are marked up on "
            f"{others[0]}{f' and {len(others) - 1} other page(s)' if len(others) > 1 else ''} "
            f'too, e.g. "{repeated[0]}"',
            element="FAQ markup",
            snippet=repeated[0],
            evidence={"questions": repeated, "others": others, "others_count": len(others)},
        )
