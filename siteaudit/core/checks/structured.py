"""Declarations of the structured-data checks (JSON-LD and microdata; see
siteaudit.core.structured_data for the properties Google documents)."""

from __future__ import annotations

from siteaudit.core.checks.spec import CheckSpec
from siteaudit.core.records import Severity

STRUCTURED_DATA_CHECKS = [
    CheckSpec(
        id="structured-data-invalid",
        family="structured_data",
        category="structured data",
        severity=Severity.ERROR,
        title="Unreadable JSON-LD",
        why="A JSON-LD block that is not valid JSON is ignored whole by search engines: none "
        "of what it marks up (FAQ, breadcrumbs, article) counts.",
        fix="Fix the JSON (a trailing comma, an unescaped quote or line break are the usual "
        "causes) and check it with a JSON or rich results validator.",
        evidence="structured-data-error",
    ),
    CheckSpec(
        id="structured-data-required",
        family="structured_data",
        category="structured data",
        severity=Severity.WARNING,
        title="Structured data lacks a required property",
        why="Google documents these properties as required for the rich result (FAQ, Q&A, "
        "breadcrumb): without them the page is not eligible for it.",
        fix="Add the missing properties to the markup (Google's feature guide for the type "
        "lists them), filled from what the page shows.",
        evidence="structured-data-properties",
    ),
    CheckSpec(
        id="structured-data-recommended",
        family="structured_data",
        category="structured data",
        severity=Severity.NOTICE,
        title="Structured data lacks a recommended property",
        why="Recommended properties (an article's author and dates, an answer's votes) make "
        "the result richer and help search engines understand the page.",
        fix="Add the recommended properties the page has the information for.",
        evidence="structured-data-properties",
    ),
    CheckSpec(
        id="faq-not-visible",
        family="structured_data",
        category="structured data",
        severity=Severity.WARNING,
        title="FAQ markup not visible on the page",
        why="Google requires FAQ markup to show the full question and answer text on the page "
        "(an expandable section is fine); markup for text readers cannot see breaks its "
        "guidelines and may cost the site its rich results.",
        fix="Show these questions and answers on the page, or remove them from the markup.",
        evidence="faq-hidden",
    ),
    CheckSpec(
        id="faq-duplicate",
        family="structured_data",
        category="structured data",
        severity=Severity.WARNING,
        title="FAQ question marked up on several pages",
        why="Google asks that a question repeated across a site be marked up once: repeated "
        "FAQ markup competes with itself and may be ignored.",
        fix="Keep the FAQ markup for these questions on one page (the one that answers them "
        "best) and remove it from the others.",
        evidence="faq-duplicate",
    ),
]
