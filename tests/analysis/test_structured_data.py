"""Structured-data findings from the crawler's stored ``structured-data`` events."""

from __future__ import annotations

import json
from pathlib import Path

from siteaudit.analysis import run_checks

from siteaudit.core.records import CrawlEvent, Finding, Page
from siteaudit.store import Store

SITE = "https://help.example.org"


def _faq(*questions: str) -> dict:
    return {
        "@type": "FAQPage",
        "@format": "json-ld",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"text": f"About {q}"}}
            for q in questions
        ],
    }


def _findings(tmp_path: Path, records: dict[str, dict]) -> list[Finding]:
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([SITE + "/"], {})
        store.add_pages(
            crawl,
            [
                Page(SITE + path, 200, is_html=True, title=path, depth=path.count("/"))
                for path in records
            ],
        )
        store.add_events(
            crawl,
            [
                CrawlEvent("structured-data", SITE + path, json.dumps(record))
                for path, record in records.items()
            ],
        )
        return [f for f in run_checks(store, crawl) if f.check.startswith(("faq", "struct"))]


def test_each_kind_of_problem_is_one_finding_naming_what_is_wrong(tmp_path: Path) -> None:
    records = {
        "/faq": {
            "nodes": [_faq("Reset?", "Invoice?")],
            "hidden": ["question: Invoice?", "answer to Invoice?: About Invoice?"],
        },
        "/broken": {"nodes": [], "invalid": ["JSON-LD at line 4: Expecting ',' delimiter"]},
        "/qa": {
            "nodes": [
                {
                    "@type": "QAPage",
                    "@format": "microdata",
                    "mainEntity": {"name": "Why?", "acceptedAnswer": {"text": "Because."}},
                }
            ]
        },
    }
    by_check: dict[str, list[Finding]] = {}
    for finding in _findings(tmp_path, records):
        by_check.setdefault(finding.check, []).append(finding)
    assert sorted(by_check) == [
        "faq-not-visible",
        "structured-data-invalid",
        "structured-data-recommended",
        "structured-data-required",
    ]
    (hidden,) = by_check["faq-not-visible"]
    assert hidden.url == SITE + "/faq"
    assert hidden.message.startswith("2 FAQ text(s) marked up but not on the page: question:")
    assert hidden.evidence["hidden"] == records["/faq"]["hidden"]
    (invalid,) = by_check["structured-data-invalid"]
    assert "Expecting ',' delimiter" in invalid.message
    (required,) = by_check["structured-data-required"]
    assert required.url == SITE + "/qa"
    assert required.evidence["missing"] == ["QAPage mainEntity.answerCount"]
    assert required.evidence["format"] == "microdata"
    assert "QAPage markup (microdata) lacks required property" in required.message
    (recommended,) = by_check["structured-data-recommended"]
    assert "QAPage mainEntity.author" in recommended.evidence["missing"]


def test_a_question_marked_up_on_several_pages_is_reported_on_all_but_the_first(
    tmp_path: Path,
) -> None:
    records = {
        "/faq": {"nodes": [_faq("How do I reset my password?", "Can I pay by invoice?")]},
        "/billing/faq": {"nodes": [_faq("Can I  pay by INVOICE?", "Where is my receipt?")]},
        "/account/faq": {"nodes": [_faq("How do I reset my password?")]},
        "/other": {"nodes": [_faq("Something else?")]},
    }
    duplicates = {f.url: f for f in _findings(tmp_path, records) if f.check == "faq-duplicate"}
    assert sorted(duplicates) == [SITE + "/account/faq", SITE + "/billing/faq"]
    billing = duplicates[SITE + "/billing/faq"]
    assert billing.evidence["others"] == [SITE + "/faq"]
    assert billing.evidence["questions"] == ["can i pay by invoice?"]
    assert f"marked up on {SITE}/faq too" in billing.message
