"""Findings on JavaScript: what crawlers that do not render miss, read from the crawl's events.

The crawler stores the facts as events (siteaudit.crawler.rendering.spider): a "render"
event per rendered page with both sides of the comparison, "uncrawlable-links" with the side
it was read from, and "noscript-refresh" from the raw HTML. Each finding says in
``evidence["looked_at"]`` which side it read: raw HTML, the rendered DOM, or both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from siteaudit.analysis.data import AuditData

from siteaudit.core.checks import make_finding
from siteaudit.core.records import CrawlEvent, Finding

_MAX_ERRORS_SHOWN = 5


def check_rendering(data: AuditData) -> Iterator[Finding]:
    """Findings from the noscript-refresh, uncrawlable-links and render events."""
    for event in data.events:
        if event.kind == "noscript-refresh":
            yield make_finding(
                "noscript-refresh",
                event.url,
                f"A <noscript> meta refresh sends crawlers that do not run JavaScript to "
                f"{event.detail}: they never see this page or the links its scripts build",
                element="noscript",
                evidence={"target": event.detail, "looked_at": "raw"},
            )
        elif event.kind == "uncrawlable-links":
            yield from _uncrawlable(event)
        elif event.kind == "render":
            yield from _rendered(event)


def _facts(event: CrawlEvent) -> dict[str, Any]:
    try:
        facts = json.loads(event.detail)
    except ValueError:
        return {}
    return facts if isinstance(facts, dict) else {}


def _uncrawlable(event: CrawlEvent) -> Iterator[Finding]:
    facts = _facts(event)
    elements = facts.get("elements") or []
    if not elements:
        return
    shown = ", ".join(f"{e[1] or '<' + e[0] + '>'!r} ({e[2]})" for e in elements[:3])
    count = int(facts.get("count", len(elements)))
    more = f" and {count - 3} more" if count > 3 else ""
    yield make_finding(
        "uncrawlable-link",
        event.url,
        f"{count} clickable element(s) crawlers cannot follow: {shown}{more}",
        element="a",
        snippet=shown,
        evidence={"looked_at": facts.get("side", "raw"), "count": count, "elements": elements},
    )


def _rendered(event: CrawlEvent) -> Iterator[Finding]:
    facts = _facts(event)
    raw, rendered = facts.get("raw"), facts.get("rendered")
    if facts.get("needs_rendering") and raw and rendered:
        links = int(facts.get("new_link_count", 0))
        words = int(rendered.get("words", 0)) - int(raw.get("words", 0))
        yield make_finding(
            "rendered-only-content",
            event.url,
            f"{links} links and {max(words, 0)} words of main text appear only after "
            f"JavaScript runs (raw HTML: {raw.get('links')} links, {raw.get('words')} words)",
            element="body",
            evidence={
                "looked_at": "both",
                "raw": raw,
                "rendered": rendered,
                "new_links": facts.get("new_links", []),
                "new_link_count": links,
                "audited": facts.get("used"),
            },
        )
    errors = list(facts.get("console_errors") or [])
    failed = list(facts.get("failed_requests") or []) + list(facts.get("refused") or [])
    if errors or failed:
        parts = []
        if errors:
            parts.append(f"{len(errors)} console error(s): {'; '.join(errors[:2])}")
        if failed:
            parts.append(f"{len(failed)} failed request(s): {'; '.join(failed[:2])}")
        yield make_finding(
            "render-errors",
            event.url,
            "While rendering, " + "; ".join(parts),
            element="script",
            evidence={
                "looked_at": "rendered",
                "console_errors": errors[:_MAX_ERRORS_SHOWN],
                "failed_requests": failed[:_MAX_ERRORS_SHOWN],
            },
        )
    if facts.get("error"):
        yield make_finding(
            "render-errors",
            event.url,
            f"The page could not be rendered ({facts['error']}); it was audited as raw HTML",
            element="page",
            evidence={"looked_at": "raw", "error": facts["error"]},
        )
