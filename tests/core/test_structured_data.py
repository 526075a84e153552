"""Google's required and recommended properties, checked on JSON-LD-shaped nodes."""

from __future__ import annotations

from siteaudit.core.structured_data import faq_questions, missing_properties, node_types


def _described(node: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"required": [], "recommended": []}
    for problem in missing_properties(node):
        found[problem.level].append(problem.describe())
    return found


def test_a_complete_faq_page_lacks_nothing_and_an_incomplete_one_names_each_gap() -> None:
    good = {
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": "Q1?", "acceptedAnswer": {"text": "A1."}},
            {"@type": "Question", "name": "Q2?", "acceptedAnswer": [{"text": "A2."}]},
        ],
    }
    assert missing_properties(good) == []
    assert faq_questions(good) == ["Q1?", "Q2?"]
    bad = {
        "@type": "https://schema.org/FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": " ", "acceptedAnswer": {"text": "A1."}},
            {"@type": "Question", "name": "Q2?"},
            {"@type": "Question", "name": "Q3?", "acceptedAnswer": {"@type": "Answer"}},
        ],
    }
    assert node_types(bad) == ["FAQPage"]
    assert _described(bad) == {
        "required": [
            "FAQPage mainEntity[0].name",
            "FAQPage mainEntity[1].acceptedAnswer",
            "FAQPage mainEntity[2].acceptedAnswer.text",
        ],
        "recommended": [],
    }
    assert _described({"@type": "FAQPage"})["required"] == ["FAQPage mainEntity"]


def test_qa_page_needs_answer_count_and_an_answer_and_recommends_votes_and_authors() -> None:
    node = {
        "@type": "QAPage",
        "mainEntity": {
            "@type": "Question",
            "name": "How do I reset my password?",
            "text": "I forgot it.",
            "author": {"name": "A"},
            "datePublished": "2025-01-01",
            "upvoteCount": 3,
            "suggestedAnswer": [{"text": "Use the link.", "url": "https://x/#a1"}],
        },
    }
    found = _described(node)
    assert found["required"] == ["QAPage mainEntity.answerCount"]
    assert found["recommended"] == [
        "QAPage mainEntity.suggestedAnswer.author",
        "QAPage mainEntity.suggestedAnswer.datePublished",
        "QAPage mainEntity.suggestedAnswer.upvoteCount",
    ]
    no_answer = {"@type": "QAPage", "mainEntity": {"name": "Q", "answerCount": 0}}
    assert (
        "QAPage mainEntity.acceptedAnswer or suggestedAnswer" in _described(no_answer)["required"]
    )


def test_articles_have_only_recommended_properties() -> None:
    found = _described({"@type": ["BlogPosting"], "headline": "Hi", "author": {"name": "B"}})
    assert found == {
        "required": [],
        "recommended": [
            "BlogPosting image",
            "BlogPosting datePublished",
            "BlogPosting dateModified",
        ],
    }


def test_breadcrumbs_need_two_items_with_position_name_and_all_but_the_last_an_item() -> None:
    good = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"position": 1, "name": "Help", "item": "https://x/help/"},
            {"position": 2, "item": {"@id": "https://x/help/a", "name": "Billing"}},
            {"position": 3, "name": "Refunds"},
        ],
    }
    assert missing_properties(good) == []
    bad = {"@type": "BreadcrumbList", "itemListElement": [{"name": "Only"}]}
    assert _described(bad)["required"] == [
        "BreadcrumbList itemListElement (at least two)",
        "BreadcrumbList itemListElement[0].position",
    ]
    assert _described({"@type": "Product", "name": "x"}) == {"required": [], "recommended": []}
