"""An element's visible text with whitespace collapsed, as a browser renders it."""

from __future__ import annotations

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
