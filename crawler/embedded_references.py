"""References the body walk of extraction.py never sees, for link checking.

The walk reads visible content: it skips ``<head>`` and the insides of ``<script>``,
``<iframe>``, ``<svg>``, ``<noscript>``, ``<template>``... Yet a page whose scripts, frames or
SVG links are missing is broken. This module finds, in one pass over the parsed page:

- ``src`` of scripts, iframes, images and media the walk skipped (in ``<head>``,
  ``<noscript>``, ``<template>``), and links (``a[href]``) inside them;
- SVG links and images (``href`` or the older ``xlink:href``; ``<use>`` of another file);
- the target of a ``<meta http-equiv="refresh">``;
- Open Graph and Twitter card URLs (``og:image``, ``og:url``, ``twitter:image``...);
- ``url``, ``image`` and ``@id`` values of JSON-LD blocks that are URLs;
- ``url()`` in ``<style>`` blocks and ``style`` attributes (comments skipped).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from lxml import etree
from siteaudit.crawler.css_urls import css_urls
from siteaudit.crawler.element_text import element_text

from siteaudit.core.records import Link, Region
from siteaudit.core.urls import resolve_link

# Elements whose content the body walk skips (extraction.py reads this set too).
INVISIBLE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe"}
)
_SRC_KINDS = {
    "img": "img",
    "script": "script",
    "iframe": "iframe",
    "source": "media",
    "video": "media",
    "audio": "media",
    "embed": "media",
}
# <meta property/name> values that hold a URL crawlers and social networks fetch.
_META_URLS = frozenset(
    "og:url og:image og:image:url og:image:secure_url og:video og:video:url "
    "og:video:secure_url og:audio og:audio:url og:audio:secure_url "
    "twitter:image twitter:image:src twitter:player".split()
)
_JSON_LD_KEYS = frozenset({"url", "image", "@id", "logo", "contentUrl", "thumbnailUrl"})
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_TAGS = (*_SRC_KINDS, "a", "image", "use", "meta", "style")


@dataclass(slots=True)
class Reference:
    """One reference found: the link (target resolved), its value as written, its line."""

    link: Link
    raw: str
    line: int | None


def embedded_references(
    root: etree._Element, url: str, base: str, query: str
) -> Iterator[Reference]:
    """The references of ``root`` that the body walk does not record, in document order."""
    body = root.find("body")
    walk_root = root if body is None else body
    for el in root.iter(*_TAGS):
        tag = el.tag
        line = _line(el)
        in_svg = _inside_svg(el)
        if tag == "meta":
            yield from _meta(el, url, base, query)
        elif tag == "style":
            yield from _css(el.text or "", line, url, base, query, "style")
        elif tag == "script" and (el.get("type") or "").lower() == "application/ld+json":
            yield from _json_ld(el.text or "", line, url, base, query)
        elif in_svg and tag in ("a", "image", "use"):
            href = el.get("href") or el.get("xlink:href") or el.get(_XLINK_HREF)
            if href and not (tag == "use" and href.startswith("#")):
                kind = "a" if tag == "a" else "img"
                text = element_text(el) if tag == "a" else None
                yield from _reference(url, base, href, query, kind, text, line)
        elif not _walked(el, walk_root):
            attr = "href" if tag == "a" else "src"
            value = el.get(attr)
            if value and tag in ("a", *_SRC_KINDS):
                kind = "a" if tag == "a" else _SRC_KINDS[tag]
                text = element_text(el) if tag == "a" else el.get("alt") if tag == "img" else ""
                yield from _reference(url, base, value, query, kind, text, line)
    for el in root.iter():
        style = el.get("style") if isinstance(el.tag, str) else None
        if style:
            yield from _css(style, _line(el), url, base, query, "style")


def _reference(
    url: str, base: str, raw: str, query: str, kind: str, text: str | None, line: int | None
) -> Iterator[Reference]:
    target = resolve_link(base, raw, query)
    if target:
        region = Region.HEADER if kind in ("meta", "meta-refresh", "json-ld") else Region.MAIN
        yield Reference(Link(url, target, kind, text, region), raw.strip(), line)


def _walked(el: etree._Element, walk_root: etree._Element) -> bool:
    """True when the body walk saw ``el``: below <body>, under no element it skips."""
    if el.tag in INVISIBLE_TAGS:
        return False
    for ancestor in el.iterancestors():
        if ancestor is walk_root:
            return True
        if ancestor.tag in INVISIBLE_TAGS:
            return False
    return False


def _line(el: etree._Element) -> int | None:
    return cast("int | None", el.sourceline)  # lxml-stubs leave sourceline unannotated


def _inside_svg(el: etree._Element) -> bool:
    return any(a.tag == "svg" for a in el.iterancestors())


def _meta(el: etree._Element, url: str, base: str, query: str) -> Iterator[Reference]:
    content = (el.get("content") or "").strip()
    if not content:
        return
    if (el.get("http-equiv") or "").lower() == "refresh":
        match = _REFRESH_URL.search(content)
        if match:
            yield from _reference(url, base, match.group(1), query, "meta-refresh", None, _line(el))
        return
    name = (el.get("property") or el.get("name") or "").lower()
    if name in _META_URLS:
        yield from _reference(url, base, content, query, "meta", None, _line(el))


def _css(
    css: str, line: int | None, url: str, base: str, query: str, kind: str
) -> Iterator[Reference]:
    for raw, offset in css_urls(css):
        at = None if line is None else line + css.count("\n", 0, offset)
        yield from _reference(url, base, raw, query, kind, None, at)


def _json_ld(text: str, line: int | None, url: str, base: str, query: str) -> Iterator[Reference]:
    try:
        data = json.loads(text)
    except ValueError:
        return  # not JSON: search engines ignore it too
    for raw in _json_ld_urls(data):
        offset = text.find(json.dumps(raw)[1:-1])
        at = None if line is None or offset < 0 else line + text.count("\n", 0, offset)
        yield from _reference(url, base, raw, query, "json-ld", None, at)


def _json_ld_urls(data: object) -> Iterator[str]:
    """String values of URL-valued keys, at any depth ("image": {"url": ...} too)."""
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_urls(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in _JSON_LD_KEYS:
                values = value if isinstance(value, list) else [value]
                yield from (v for v in values if isinstance(v, str) and _looks_like_url(v))
            if isinstance(value, (dict, list)):
                yield from _json_ld_urls(value)


def _looks_like_url(value: str) -> bool:
    # "@id": "#organization" names a node of the graph, not a resource to fetch.
    return value.startswith(("http://", "https://", "/")) and not value.startswith("//#")
