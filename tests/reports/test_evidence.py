"""Readable evidence: a template per evidence type of the check registry, never JSON."""

from __future__ import annotations

import json

from siteaudit.reports.evidence import EVIDENCE_TEMPLATES, evidence_lines
from siteaudit.reports.table_rows import FINDING_COLUMNS, finding_rows

from siteaudit.core.checks import CHECKS, EVIDENCE_TYPES
from siteaudit.core.records import Finding, Severity


def _flat(lines: list[str | list[str]]) -> str:
    return "\n".join(line if isinstance(line, str) else "".join(line) for line in lines)


def test_every_evidence_type_of_the_registry_has_a_template() -> None:
    assert set(EVIDENCE_TEMPLATES) == set(EVIDENCE_TYPES)
    assert {spec.evidence for spec in CHECKS.values()} <= set(EVIDENCE_TEMPLATES)


def test_link_evidence_reads_as_sentences() -> None:
    lines = evidence_lines(
        "link",
        {
            "anchor": "how to pay",
            "region": "related",
            "related_number": 4,
            "status": 404,
            "target": "https://x.org/gone",
            "line": 12,
            "column": 5,
        },
    )
    assert lines == [
        "Answers HTTP 404.",
        "Anchor “how to pay”, in the related region, related link 4, source line 12:5.",
    ]


def test_lists_become_lines_with_urls_to_link_not_json() -> None:
    hops = ["https://x.org/a", "https://x.org/b", "https://x.org/c"]
    lines = evidence_lines("redirect-path", {"hops": hops, "final": "https://x.org/c"})
    assert lines[0] == "Hops:"
    assert next(line for line in lines if isinstance(line, list)) == ["", "https://x.org/a"]
    assert lines[-1] == ["Ends at ", "https://x.org/c"]
    group = evidence_lines(
        "page-group", {"others": ["https://x.org/p"], "others_count": 1, "target": "t"}
    )
    assert group == ["Shared with 1 other page:", ["", "https://x.org/p"]]


def test_no_template_ever_prints_json() -> None:
    nested = {
        "suggested_sources": [{"url": "https://x.org/s", "similarity": 0.7}],
        "uses": {"Kapai": 3, "Ka Pai": 2},
        "h1": ["One", "Two"],
        "only_here": ["A sentence."],
        "snippets": ["…a «Ka Pai» here…"],
        "images": ["https://x.org/i.png"],
        "score": 20.9,
        "inbound": 3,
        "depth": 6,
        "path": ["https://x.org/"],
    }
    for shape in EVIDENCE_TEMPLATES:
        text = _flat(evidence_lines(shape, nested))
        assert "{" not in text and '["' not in text, (shape, text)


def test_check_table_rows_carry_evidence_lines() -> None:
    finding = Finding(
        "term-variant",
        Severity.WARNING,
        "https://x.org/p",
        "m",
        evidence={
            "variant": "Ka Pai",
            "preferred": "Kapai",
            "count": 2,
            "snippets": ["…one «Ka Pai»…", "…two «Ka Pai»…"],
        },
    )
    row = next(finding_rows([finding], lambda url: None))
    evidence = row[[c.key for c in FINDING_COLUMNS].index("evidence")]
    assert evidence == {
        "lines": [
            "“Ka Pai” written instead of “Kapai”, 2 times.",
            "…one «Ka Pai»…",
            "…two «Ka Pai»…",
        ]
    }
    assert json.dumps(evidence)  # plain data for the shard
    kinds = {c.key: c.kind for c in FINDING_COLUMNS}
    assert kinds["evidence"] == "lines" and kinds["fix"] == "fix"


def test_structured_data_evidence_reads_as_sentences() -> None:
    lines = evidence_lines(
        "structured-data-properties",
        {
            "type": "FAQPage",
            "format": "json-ld",
            "missing": ["Question.acceptedAnswer"],
            "level": "required",
        },
    )
    assert lines == [
        "FAQPage markup (json-ld) lacks 1 required property:",
        "Question.acceptedAnswer",
    ]
    hidden = evidence_lines("faq-hidden", {"hidden": ["Can I pay later?", "Yes."]})
    assert hidden[0] == "2 questions or answers marked up but not shown on the page:"
