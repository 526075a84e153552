"""Structured data of one parsed page: JSON-LD blocks and microdata items, for the audit.

Read with lxml on the tree extraction already parsed, not with extruct: extruct parses the
page again (and pulls in rdflib, mf2py and pyRdfa for formats the checks do not read), while
the two formats the checks need take a few dozen lines here. Microdata follows the HTML
standard's algorithm in short: a top-level item is an element with ``itemscope`` and no
``itemprop``; a property's value is a nested item, ``content``, an URL attribute (``href``,
``src``...), ``datetime``/``value``, or the element's text.

Only what the checks read is kept: nodes of the types they validate (FAQPage, QAPage,
Article and its kinds, BreadcrumbList), with long texts cut, plus why a JSON-LD block could
not be read. The FAQ's questions and answers that the page's visible text does not contain
are found here, where the page's text is at hand (siteaudit.analysis.structured_data
reports them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree
from siteaudit.crawler.element_text import element_text

from siteaudit.core.structured_data import VALIDATED_TYPES, node_types

# Longest text kept of a property value: enough to recognise it and to find it on the page.
_TEXT_LIMIT = 300
# Nodes kept per page: a page marking up thousands of items is reported from the first ones.
_NODE_LIMIT = 50
_URL_PROPS = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "iframe": "src",
    "embed": "src",
    "object": "data",
}
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class StructuredData:
    """What a page marks up, as the checks need it."""

    nodes: list[dict[str, Any]] = field(default_factory=list)  # each has "@format"
    invalid: list[str] = field(default_factory=list)  # one reason per unreadable JSON-LD
    hidden: list[str] = field(default_factory=list)  # FAQ texts not in the visible text

    def __bool__(self) -> bool:
        return bool(self.nodes or self.invalid)

    def to_json(self) -> str:
        """The compact JSON stored with the crawl (a ``structured-data`` event)."""
        data: dict[str, Any] = {"nodes": self.nodes}
        if self.invalid:
            data["invalid"] = self.invalid
        if self.hidden:
            data["hidden"] = self.hidden
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def extract_structured_data(root: etree._Element, visible_text: str) -> StructuredData:
    """JSON-LD and microdata of the validated types on a page, and its hidden FAQ texts
    (``visible_text``: the page's visible text, the body walk's blocks)."""
    found = StructuredData()
    for script in root.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw.strip():
            continue
        try:
            document = json.loads(raw)
        except ValueError as exc:
            line = cast("int | None", script.sourceline)  # lxml-stubs leave it unannotated
            found.invalid.append(f"JSON-LD at line {line}: {exc}")
            continue
        for node in _json_ld_nodes(document):
            _keep(found, node, "json-ld")
    # XPath runs in C: a page without microdata costs one pass, not a Python loop.
    items = root.xpath("//*[@itemscope and not(@itemprop)]")
    assert isinstance(items, list)  # an element node-set is always a list
    for element in items:
        if isinstance(element, etree._Element):
            _keep(found, _microdata_item(element, 0), "microdata")
    found.hidden = hidden_faq_texts(found.nodes, visible_text)
    return found


def _keep(found: StructuredData, node: Any, fmt: str) -> None:
    if not isinstance(node, dict) or len(found.nodes) >= _NODE_LIMIT:
        return
    if not any(t in VALIDATED_TYPES for t in node_types(node)):
        return
    kept = _trimmed(node, 0)
    kept["@format"] = fmt
    found.nodes.append(kept)


def _json_ld_nodes(document: Any) -> Iterator[Any]:
    """Top-level nodes: a node, an array of nodes, or the members of an ``@graph``."""
    if isinstance(document, list):
        for item in document:
            yield from _json_ld_nodes(item)
    elif isinstance(document, dict):
        graph = document.get("@graph")
        if isinstance(graph, list):
            yield from _json_ld_nodes(graph)
        else:
            yield document


def _trimmed(value: Any, depth: int) -> Any:
    """A copy with long texts cut and deep nesting dropped (the checks read a few levels)."""
    if isinstance(value, str):
        return value if len(value) <= _TEXT_LIMIT else value[:_TEXT_LIMIT] + "…"
    if depth > 6:
        return None
    if isinstance(value, dict):
        return {str(k): _trimmed(v, depth + 1) for k, v in value.items() if k != "@context"}
    if isinstance(value, list):
        return [_trimmed(v, depth + 1) for v in value[:_NODE_LIMIT]]
    return value


def _microdata_item(element: etree._Element, depth: int) -> dict[str, Any]:
    """One microdata item as a JSON-LD-like node: "@type" and its properties."""
    item: dict[str, Any] = {}
    types = [t.rsplit("/", 1)[-1] for t in (element.get("itemtype") or "").split()]
    if types:
        item["@type"] = types[0] if len(types) == 1 else types
    for prop, value in _properties(element, depth):
        if prop in item:
            previous = item[prop]
            item[prop] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            item[prop] = value
    return item


def _properties(element: etree._Element, depth: int) -> Iterator[tuple[str, Any]]:
    """(name, value) of the item's properties: descendants up to the next nested item."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        names = (child.get("itemprop") or "").split()
        nested = child.get("itemscope") is not None
        if names:
            value: Any = (
                _microdata_item(child, depth + 1) if nested and depth < 6 else _value(child)
            )
            for name in names:
                yield name, value
        if not nested:
            yield from _properties(child, depth)


def _value(element: etree._Element) -> str:
    tag = str(element.tag).lower()
    if tag == "meta":
        return element.get("content") or ""
    if tag in _URL_PROPS:
        return element.get(_URL_PROPS[tag]) or ""
    if tag in ("time", "data", "meter"):
        return element.get("datetime") or element.get("value") or element_text(element)
    return element_text(element)


def normalized(text: str) -> str:
    """Text as compared with the page: its words, case folded (tags, punctuation and
    spacing differ between markup and page without changing what the reader sees)."""
    return " ".join(_WORD.findall(_TAG.sub(" ", text).casefold()))


def hidden_faq_texts(nodes: list[dict[str, Any]], visible_text: str) -> list[str]:
    """The FAQ questions and answers (as marked up) that the visible text does not contain.

    Google requires FAQ markup to describe what the reader sees (an expandable section
    counts: its text is in the page). An answer is looked for by its first 15 words,
    since pages often add a link or a sentence the markup leaves out.
    """
    faqs = [node for node in nodes if "FAQPage" in node_types(node)]
    if not faqs:  # most pages: the page's text need not be normalised at all
        return []
    page = normalized(visible_text)
    hidden = []
    for node in faqs:
        for question in _as_list(node.get("mainEntity")):
            if not isinstance(question, dict):
                continue
            name = normalized(str(question.get("name") or "").rstrip("…"))
            if name and name not in page:
                hidden.append(f"question: {question.get('name')}")
            for answer in _as_list(question.get("acceptedAnswer")):
                text = answer.get("text") if isinstance(answer, dict) else None
                start = " ".join(normalized(str(text or "").rstrip("…")).split()[:15])
                if start and start not in page:
                    hidden.append(f"answer to {question.get('name')!s}: {text}")
    return hidden[:_NODE_LIMIT]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
