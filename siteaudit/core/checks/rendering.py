"""Declarations of the checks on JavaScript: what crawlers that do not render miss."""

from __future__ import annotations

from siteaudit.core.checks.spec import CheckSpec
from siteaudit.core.records import Severity

RENDER_CHECKS = [
    CheckSpec(
        id="noscript-refresh",
        family="rendering",
        category="indexability",
        severity=Severity.WARNING,
        title="<noscript> meta refresh sends crawlers away",
        why="A meta refresh inside <noscript> redirects every visitor that does not run "
        "JavaScript, which includes many crawlers and link checkers: they see the target "
        "page instead of this one, and none of the links the page's scripts build.",
        fix="Serve the page's content and links in its HTML, and drop the refresh (a "
        "<noscript> message is enough).",
        evidence="render-facts",
    ),
    CheckSpec(
        id="rendered-only-content",
        family="rendering",
        category="indexability",
        severity=Severity.WARNING,
        title="Links or text appear only after JavaScript runs",
        why="Search engines render pages late and not always; crawlers, link previews and "
        "many tools never do. Links and text that only scripts add are found late or not "
        "at all, and so are the pages only those links reach.",
        fix="Render the navigation and the main text on the server (or at build time); "
        "keep scripts for enhancements.",
        evidence="render-facts",
    ),
    CheckSpec(
        id="uncrawlable-link",
        family="rendering",
        category="links",
        severity=Severity.WARNING,
        title="Clickable elements crawlers cannot follow",
        why='Crawlers follow <a href="..."> only: javascript: links, onclick-only links and '
        "other elements that navigate by script lead nowhere for them (and for keyboard "
        "and screen-reader users often too).",
        fix='Make each one an <a href="/target"> (scripts may still handle the click).',
        evidence="render-facts",
    ),
    CheckSpec(
        id="render-errors",
        family="rendering",
        category="crawl",
        severity=Severity.NOTICE,
        title="Script errors or failed requests while rendering",
        why="Console errors and failed requests when a page renders can leave navigation "
        "or content unbuilt, for readers and for search engines that render.",
        fix="Fix the failing script or request (see the evidence for the messages).",
        evidence="render-facts",
    ),
]
