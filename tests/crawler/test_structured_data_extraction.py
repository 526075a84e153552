"""JSON-LD and microdata read from real markup, and FAQ texts the reader cannot see."""

from __future__ import annotations

import json

from siteaudit.crawler.extraction import parse_html
from siteaudit.crawler.structured_data import extract_structured_data

FAQ_JSON_LD = {
    "@context": "https://schema.org",
    "@type": "FAQPage",
    "mainEntity": [
        {
            "@type": "Question",
            "name": "How do I reset my password?",
            "acceptedAnswer": {
                "@type": "Answer",
                "text": "<p>Open <b>Settings</b>, then choose Reset password.</p>",
            },
        },
        {
            "@type": "Question",
            "name": "Can I pay by invoice?",
            "acceptedAnswer": {"@type": "Answer", "text": "Yes, on the Business plan."},
        },
    ],
}

PAGE = f"""<!DOCTYPE html><html><head><title>FAQ</title>
<script type="application/ld+json">{json.dumps(FAQ_JSON_LD)}</script>
<script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
  {{"@type": "BreadcrumbList", "itemListElement": [{{"position": 1, "name": "Help"}}]}},
  {{"@type": "Organization", "name": "Not validated"}}]}}</script>
<script type="application/ld+json">{{"@type": "Article", "headline": "x",}}</script>
</head><body><main>
<h1>FAQ</h1>
<details><summary>How do I reset my password?</summary>
<p>Open Settings, then choose   Reset password.</p></details>
<div itemscope itemtype="https://schema.org/Article">
  <h2 itemprop="headline">Release notes</h2>
  <span itemprop="author" itemscope itemtype="https://schema.org/Person">
    <span itemprop="name">Ana</span></span>
  <time itemprop="datePublished" datetime="2025-03-01">1 March</time>
  <img itemprop="image" src="/a.png" alt="">
</div>
</main></body></html>"""


def _visible(root) -> str:
    return " ".join(root.xpath("//body//text()"))


def test_json_ld_graphs_microdata_and_broken_blocks_are_read() -> None:
    root = parse_html(PAGE)
    found = extract_structured_data(root, _visible(root))
    types = [(n["@format"], n["@type"]) for n in found.nodes]
    assert types == [
        ("json-ld", "FAQPage"),
        ("json-ld", "BreadcrumbList"),
        ("microdata", "Article"),
    ]
    article = found.nodes[2]
    assert article["headline"] == "Release notes"
    assert article["author"] == {"@type": "Person", "name": "Ana"}
    assert article["datePublished"] == "2025-03-01"
    assert article["image"] == "/a.png"
    assert len(found.invalid) == 1 and found.invalid[0].startswith("JSON-LD at line ")
    # The first question and its answer are on the page (in <details>), tags and spaces
    # aside; the second is only in the markup.
    assert found.hidden == [
        "question: Can I pay by invoice?",
        "answer to Can I pay by invoice?: Yes, on the Business plan.",
    ]
    stored = json.loads(found.to_json())
    assert stored["invalid"] == found.invalid and len(stored["nodes"]) == 3


def test_a_page_without_markup_records_nothing() -> None:
    root = parse_html("<html><body><p itemscope>Hi</p></body></html>")
    assert not extract_structured_data(root, "Hi")
