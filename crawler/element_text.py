"""An element's visible text with whitespace collapsed, as a browser renders it."""

from __future__ import annotations

import copy

from lxml import etree

_STRING = etree.XPath("string()", smart_strings=False)


def clean_text(text: str) -> str:
    """Collapse whitespace the way a browser renders it."""
    return " ".join(text.split())


def element_text(el: etree._Element) -> str:
    """The element's text with whitespace collapsed; most links hold one plain text node."""
    if len(el):
        return clean_text(text_content(el))
    return clean_text(el.text or "")


def text_content(el: etree._Element) -> str:
    """All the text inside an element (what lxml.html's ``text_content()`` returns)."""
    return str(_STRING(el))


def heading_text(el: etree._Element) -> str:
    """A heading's text without its permalink mark: Sphinx, MkDocs and many themes end each
    heading with ``<a href="#id">¶</a>`` (or #, §), which is not part of the heading."""
    if not len(el) or not any(_permalink(a) for a in el.iter("a")):
        return element_text(el)
    bare = copy.deepcopy(el)
    for a in [a for a in bare.iter("a") if _permalink(a)]:
        for child in list(a):
            a.remove(child)
        a.text = None
    return element_text(bare)


def _permalink(a: etree._Element) -> bool:
    mark = clean_text(text_content(a))
    href = a.get("href") or ""
    return href.startswith("#") and 0 < len(mark) <= 2 and not any(c.isalnum() for c in mark)
