"""A crawl reads the pages' JSON-LD and microdata and reports what Google would object to."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import html, run_siteaudit, write_site
from tests.site_server import serve_site


def _faq_script(*pairs: tuple[str, str]) -> str:
    node = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
            for q, a in pairs
        ],
    }
    return f'<script type="application/ld+json">{json.dumps(node)}</script>'


RESET = ("How do I reset my password?", "Open Settings and choose Reset password.")
INVOICE = ("Can I pay by invoice?", "Yes, on the Business plan.")
BREADCRUMB = (
    '<ol itemscope itemtype="https://schema.org/BreadcrumbList">'
    '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
    '<a itemprop="item" href="/"><span itemprop="name">Help</span></a></li></ol>'
)


def test_crawl_reports_invalid_incomplete_hidden_and_repeated_faq_markup(tmp_path: Path) -> None:
    visible_reset = f"<h2>{RESET[0]}</h2><p>{RESET[1]}</p>"
    site = write_site(
        tmp_path / "site",
        {
            "index.html": html(
                "Help", '<a href="/faq.html">FAQ</a> <a href="/billing.html">Billing</a>'
            ),
            # The invoice question is only in the markup.
            "faq.html": html("FAQ", visible_reset, _faq_script(RESET, INVOICE)),
            # Marks up the reset question again, shows it too; a one-item breadcrumb.
            "billing.html": html(
                "Billing",
                BREADCRUMB + visible_reset,
                _faq_script(RESET) + '<script type="application/ld+json">{"@type": }</script>',
            ),
        },
    )
    out = tmp_path / "out"
    with serve_site(site) as base:
        done = run_siteaudit("crawl", base + "/", "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    findings = json.loads((out / "findings.json").read_text("utf-8"))["findings"]
    found = {(f["check"], f["url"].removeprefix(base)) for f in findings}
    assert {
        ("faq-not-visible", "/faq.html"),
        ("faq-duplicate", "/faq.html"),  # as deep as billing.html, which sorts first
        ("structured-data-invalid", "/billing.html"),
        ("structured-data-required", "/billing.html"),
    } <= found
    assert not any(c == "faq-not-visible" and u == "/billing.html" for c, u in found)
    hidden = next(f for f in findings if f["check"] == "faq-not-visible")
    assert hidden["evidence"]["hidden"] == [
        f"question: {INVOICE[0]}",
        f"answer to {INVOICE[0]}: {INVOICE[1]}",
    ]
    required = next(f for f in findings if f["check"] == "structured-data-required")
    assert required["evidence"]["format"] == "microdata"
    assert required["evidence"]["missing"] == [
        "BreadcrumbList itemListElement (at least two)",
        "BreadcrumbList itemListElement[0].position",
    ]
