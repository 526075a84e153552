"""Google's documented properties for the structured data siteaudit validates.

From Google Search Central's feature guides (FAQ, Q&A, Article, Breadcrumb), as of 2025:

- FAQPage: ``mainEntity`` (Question) required; each Question ``name`` and
  ``acceptedAnswer`` required; each Answer ``text`` required. No recommended properties.
- QAPage: ``mainEntity`` (one Question) required; the Question ``name``, ``answerCount``
  and at least one of ``acceptedAnswer``/``suggestedAnswer`` required, ``text``, ``author``,
  ``datePublished`` and ``upvoteCount`` recommended; each Answer ``text`` required,
  ``author``, ``datePublished``, ``url`` and ``upvoteCount`` recommended.
- Article, NewsArticle, BlogPosting: no required property; ``author``, ``headline``,
  ``image``, ``datePublished`` and ``dateModified`` recommended.
- BreadcrumbList: ``itemListElement`` with at least two ListItems required; each ListItem
  ``position`` and ``name`` required, and ``item`` (its URL) on all but the last.

A missing required property makes the page ineligible for the rich result; a missing
recommended one only makes it poorer. Nodes are JSON-LD-shaped dicts (microdata items are
read into the same shape by the crawler).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["required", "recommended"]

ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting"})
VALIDATED_TYPES = frozenset({"FAQPage", "QAPage", "BreadcrumbList", *ARTICLE_TYPES})
_QUESTION_RECOMMENDED = ("text", "author", "datePublished", "upvoteCount")
_QA_ANSWER_RECOMMENDED = ("author", "datePublished", "url", "upvoteCount")
_ARTICLE_RECOMMENDED = ("author", "headline", "image", "datePublished", "dateModified")


@dataclass(frozen=True, slots=True)
class Problem:
    """A property missing from a node: where (a path like mainEntity[0]), which, how bad."""

    type: str  # the validated node's type, e.g. FAQPage
    path: str  # where in the node the property belongs ("" is the node itself)
    property: str  # may read "acceptedAnswer or suggestedAnswer"
    level: Level

    def describe(self) -> str:
        where = f"{self.path}." if self.path else ""
        return f"{self.type} {where}{self.property}"


def node_types(node: Any) -> list[str]:
    """The node's @type(s), without a schema.org prefix."""
    if not isinstance(node, dict):
        return []
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return [str(v).rsplit("/", 1)[-1] for v in values if isinstance(v, str) and v]


def missing_properties(node: dict[str, Any]) -> list[Problem]:
    """Google's required and recommended properties the node lacks (none for other types)."""
    types = node_types(node)
    problems: list[Problem] = []
    if "FAQPage" in types:
        problems += _faq_page(node)
    if "QAPage" in types:
        problems += _qa_page(node)
    if "BreadcrumbList" in types:
        problems += _breadcrumbs(node)
    kind = next((t for t in types if t in ARTICLE_TYPES), None)
    if kind is not None:
        problems += [
            Problem(kind, "", name, "recommended")
            for name in _ARTICLE_RECOMMENDED
            if not _present(node.get(name))
        ]
    return problems


def faq_questions(node: dict[str, Any]) -> list[str]:
    """The question names of a FAQPage node, as marked up."""
    if "FAQPage" not in node_types(node):
        return []
    return [
        str(q.get("name")).strip()
        for q in as_list(node.get("mainEntity"))
        if isinstance(q, dict) and _present(q.get("name"))
    ]


def as_list(value: Any) -> list[Any]:
    """A property's values: absent is none, one value is a list of one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _present(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return value is not None


def _faq_page(node: dict[str, Any]) -> Iterator[Problem]:
    questions = [q for q in as_list(node.get("mainEntity")) if isinstance(q, dict)]
    if not questions:
        yield Problem("FAQPage", "", "mainEntity", "required")
    for n, question in enumerate(questions):
        path = f"mainEntity[{n}]"
        if not _present(question.get("name")):
            yield Problem("FAQPage", path, "name", "required")
        answers = [a for a in as_list(question.get("acceptedAnswer")) if isinstance(a, dict)]
        if not answers:
            yield Problem("FAQPage", path, "acceptedAnswer", "required")
        for answer in answers:
            if not _present(answer.get("text")):
                yield Problem("FAQPage", f"{path}.acceptedAnswer", "text", "required")


def _qa_page(node: dict[str, Any]) -> Iterator[Problem]:
    questions = [q for q in as_list(node.get("mainEntity")) if isinstance(q, dict)]
    if not questions:
        yield Problem("QAPage", "", "mainEntity", "required")
        return
    question = questions[0]
    for name in ("name", "answerCount"):
        if not _present(question.get(name)):
            yield Problem("QAPage", "mainEntity", name, "required")
    answers = {
        kind: [a for a in as_list(question.get(kind)) if isinstance(a, dict)]
        for kind in ("acceptedAnswer", "suggestedAnswer")
    }
    if not any(answers.values()):
        yield Problem("QAPage", "mainEntity", "acceptedAnswer or suggestedAnswer", "required")
    for name in _QUESTION_RECOMMENDED:
        if not _present(question.get(name)):
            yield Problem("QAPage", "mainEntity", name, "recommended")
    for kind, listed in answers.items():
        for n, answer in enumerate(listed):
            path = f"mainEntity.{kind}" + (f"[{n}]" if len(listed) > 1 else "")
            if not _present(answer.get("text")):
                yield Problem("QAPage", path, "text", "required")
            for name in _QA_ANSWER_RECOMMENDED:
                if not _present(answer.get(name)):
                    yield Problem("QAPage", path, name, "recommended")


def _breadcrumbs(node: dict[str, Any]) -> Iterator[Problem]:
    items = [i for i in as_list(node.get("itemListElement")) if isinstance(i, dict)]
    if len(items) < 2:
        yield Problem("BreadcrumbList", "", "itemListElement (at least two)", "required")
    for n, item in enumerate(items):
        path = f"itemListElement[{n}]"
        target = item.get("item")
        named = _present(item.get("name")) or (
            isinstance(target, dict) and _present(target.get("name"))
        )
        if not _present(item.get("position")):
            yield Problem("BreadcrumbList", path, "position", "required")
        if not named:
            yield Problem("BreadcrumbList", path, "name", "required")
        if n < len(items) - 1 and not _present(target):
            yield Problem("BreadcrumbList", path, "item", "required")
