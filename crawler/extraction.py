"""Extract everything the audit needs from one HTML page, in a single lxml pass."""

from __future__ import annotations

import hashlib
import re
import threading
from urllib.parse import unquote

from lxml import etree
from siteaudit.crawler.code_spans import CODE_CLOSE, CODE_OPEN, is_code_element, split_code
from siteaudit.crawler.element_text import clean_text, element_text, heading_text, text_content
from siteaudit.crawler.embedded_references import INVISIBLE_TAGS
from siteaudit.crawler.extracted import Extracted
from siteaudit.crawler.references import add_references
from siteaudit.crawler.regions import (
    RELATED_HEADING,
    element_region,
    is_content_container,
    is_navigation_link,
)
from siteaudit.crawler.structured_data import extract_structured_data
from siteaudit.crawler.words import count_words

from siteaudit.core.records import Link, Region, TextBlock
from siteaudit.core.urls import resolve_link

# Elements whose text starts a new block of visible text.
_BLOCK_TAGS = frozenset(
    "p li h1 h2 h3 h4 h5 h6 td th dd dt blockquote pre figcaption caption summary "
    "address div section article aside header footer nav main ul ol dl table tr form "
    "fieldset legend details label option".split()
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INVISIBLE = INVISIBLE_TAGS
_ASSET_ATTRS = {
    "img": "src",
    "script": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
}
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
# libxml2 stops parsing at 256 levels of nesting, and with huge_tree at 2048: the rest of the
# page is lost, silently. Unclosed tags in a template (a <div> per list item) get there on
# real pages, so the parser runs with huge_tree (it also lifts libxml2's 10 MB text-node cap;
# the download size cap bounds both) and pages past either limit are reported.
_DEFAULT_DEPTH_LIMIT = 256
_HUGE_DEPTH_LIMIT = 2048
_local = threading.local()


def parse_html(text: str) -> etree._Element | None:
    """Parse HTML text with lxml; None for an empty or unparseable document."""
    if not text.strip():
        return None
    try:
        return etree.fromstring(text.encode("utf-8", "replace"), parser=_parser())
    except (etree.ParserError, ValueError):
        return None  # fromstring returns None itself for a document without elements


def _parser() -> etree.HTMLParser:
    # A parser is reusable but not thread-safe: one per thread. Plain etree elements, not
    # lxml.html's: its class lookup runs Python code for every element of every page.
    parser: etree.HTMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
        )
        _local.parser = parser
    return parser


def extract_page(
    text: str, url: str, query: str = "strip-tracking", *, references: bool = False
) -> Extracted:
    """Extract title, meta, headings, text blocks and links from decoded HTML text.

    ``references=True`` (link checking) also records stylesheets, icons, srcset
    candidates, same-page "#id" links, the page's ids and each link's line:column.
    """
    out = Extracted()
    root = parse_html(text)
    if root is None:
        return out
    base = _base_url(root, url)
    _extract_head(root, base, query, out)
    depth = _walk_body(root, url, base, query, out)
    if depth > _DEFAULT_DEPTH_LIMIT:
        out.parse_problem = _nesting_problem(depth)
    if references:
        add_references(root, text, url, base, query, out)
    out.structured_data = extract_structured_data(root, "\n".join(b.text for b in out.blocks))
    out.word_count = count_words(" ".join([b.text for b in out.blocks]))
    main_parts = [b.text for b in out.blocks if b.region == Region.MAIN]
    if main_parts:
        main_text = "\n".join(main_parts).casefold()
        out.text_hash = hashlib.blake2b(main_text.encode("utf-8"), digest_size=16).hexdigest()
    return out


def _base_url(root: etree._Element, url: str) -> str:
    for base in root.iter("base"):
        href = base.get("href")
        if href:
            return resolve_link(url, href, "keep") or url
    return url


def _extract_head(root: etree._Element, base: str, query: str, out: Extracted) -> None:
    out.lang = (root.get("lang") or "").strip() or None
    for el in root.iter("title", "meta", "link"):
        tag = el.tag
        if tag == "title":
            if not _inside(el, "svg"):
                out.titles.append(clean_text(text_content(el)))
        elif tag == "meta":
            name = (el.get("name") or el.get("property") or "").lower()
            content = el.get("content")
            if name == "description":
                out.meta_description = clean_text(content or "")
            elif name == "robots":
                out.meta_robots = clean_text(content or "").lower()
            elif (el.get("http-equiv") or "").lower() == "refresh" and content:
                match = _REFRESH_URL.search(content)
                if match:
                    target = resolve_link(base, match.group(1), query)
                    if _inside(el, "noscript"):
                        out.noscript_refresh = target
                    else:
                        out.refresh = target
        else:
            rel = (el.get("rel") or "").lower().split()
            href = el.get("href")
            if not href:
                continue
            if "canonical" in rel:
                out.canonical = resolve_link(base, href, query)
            elif "alternate" in rel and el.get("hreflang"):
                target = resolve_link(base, href, query)
                if target:
                    out.hreflang.append((el.get("hreflang", ""), target))


def _fragment(href: str) -> str | None:
    """The decoded "#fragment" of an href, or None when it has none."""
    return unquote(href.partition("#")[2]) if "#" in href else None


# Script in an onclick that moves the reader to another page.
_NAVIGATING = re.compile(r"\blocation\b|\.href\b|window\.open|\bnavigate|\brouter\b", re.I)


def _is_script_href(href: str | None) -> bool:
    return href is not None and href.strip()[:11].lower() == "javascript:"


def _uncrawlable(tag: str, attrib: etree._Attrib) -> str | None:
    """Why a clickable element is a link crawlers cannot follow, or None if it is not one."""
    onclick = attrib.get("onclick") or ""
    if tag == "a":
        href = attrib.get("href")
        if _is_script_href(href):
            return "javascript: href"
        if href is None and onclick:
            return "onclick, no href"
        if (href or "").strip() in ("", "#") and onclick:
            return "onclick, href '#'"
        return None
    if _NAVIGATING.search(onclick):
        return f"<{tag}> that navigates by onclick"
    return None


def _inside(el: etree._Element, tag: str) -> bool:
    return any(a.tag == tag for a in el.iterancestors())


class _Frame:
    """Per-element walk state: tag, region, and whether following siblings are related."""

    __slots__ = (
        "child_region",
        "code",
        "heading",
        "in_content",
        "region",
        "related_after",
        "tag",
    )

    def __init__(
        self, tag: str, region: str, in_content: bool, heading: bool, code: bool = False
    ) -> None:
        self.tag = tag
        self.code = code  # its text is code (marked so term checks can skip it)
        self.region = region
        self.child_region = region  # the region of children starting now
        self.in_content = in_content
        self.heading = heading
        self.related_after = False

    def set_related_after(self, related: bool) -> None:
        self.related_after = related
        self.child_region = Region.RELATED if related else self.region


def _is_related_heading(el: etree._Element) -> bool:
    """A heading that names a related-articles box: the phrase itself ("See also",
    "1.4. Related articles:", "Recommended for you¶"), not a section whose title contains
    it ("Recommended Compile-time Options", "Thread related issues")."""
    text = _HEADING_DECORATION.sub("", element_text(el))
    return len(text) < 80 and RELATED_HEADING.fullmatch(text) is not None


# Section numbers before a heading's words, and permalink signs or colons after them.
_HEADING_DECORATION = re.compile(r"^[\s\d.)]+|[^\w)]+$")


def _nesting_problem(depth: int) -> str:
    """The content-error detail of a page whose elements nest ``depth`` levels deep."""
    stopped = depth >= _HUGE_DEPTH_LIMIT - 1 and any(
        e.type_name == "ERR_RESOURCE_LIMIT" for e in _parser().error_log
    )
    if stopped:
        return (
            f"elements nested more than {_HUGE_DEPTH_LIMIT} levels deep (unclosed tags?): "
            "the text and links past that point were not read"
        )
    return (
        f"elements nested {depth} levels deep (unclosed tags?): parsers with the common "
        f"limit of {_DEFAULT_DEPTH_LIMIT} levels drop the text past it"
    )


def _walk_body(root: etree._Element, url: str, base: str, query: str, out: Extracted) -> int:
    """One start/end walk over <body>: regions, text blocks, links, H1/H2.

    Returns the deepest nesting level of a visible element (<html> is level 1).
    """
    body = root.find("body")
    if body is None:
        body = root
    stack: list[_Frame] = [_Frame("body", Region.MAIN, False, False)]
    parts: list[str] = []
    block: tuple[str, str] = ("body", Region.MAIN)  # tag and region of the block being collected
    skip_depth = 0
    deepest = 0
    position = 0
    blocks = out.blocks

    open_code = 0  # code elements open across a block boundary

    def flush() -> None:
        nonlocal open_code
        text = "".join(parts)
        parts.clear()
        if open_code or CODE_OPEN in text or CODE_CLOSE in text:
            clean, spans, open_code = split_code(text, open_code)
            if clean:
                blocks.append(TextBlock(block[1], block[0], clean, spans or None))
            return
        tokens = text.split()
        if tokens:
            blocks.append(TextBlock(block[1], block[0], " ".join(tokens)))

    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        if event == "end":
            if skip_depth:
                skip_depth -= 1
                if not skip_depth and (tail := el.tail):
                    parts.append(tail)  # text after a <script> is visible again
                continue
            frame = stack.pop()
            parent = stack[-1]
            if frame.code:
                parts.append(CODE_CLOSE)
            if tag in _BLOCK_TAGS:
                if parts:
                    flush()
                block = (parent.tag, parent.child_region)
            if frame.heading and frame.region != Region.RELATED and _is_related_heading(el):
                # "Recommended for You" heading: the siblings after it are the related list.
                parent.set_related_after(True)
                if blocks and blocks[-1].tag == tag:
                    blocks[-1].region = Region.RELATED
                block = (parent.tag, Region.RELATED)
            if tail := el.tail:  # lxml builds a new str on every read: read it once
                parts.append(tail)
            continue

        if skip_depth or tag in _INVISIBLE:
            skip_depth += 1
            continue
        parent = stack[-1]
        if parent.related_after and tag in _HEADINGS and not _is_related_heading(el):
            parent.set_related_after(False)  # the next section starts
        attrib = el.attrib
        region = element_region(tag, attrib, parent.child_region, parent.in_content)
        klass = attrib.get("class")
        heading = tag in _HEADINGS or (klass is not None and "title" in klass)
        code = is_code_element(tag, klass)
        in_content = parent.in_content or is_content_container(tag)
        stack.append(_Frame(tag, region, in_content, heading, code))
        if len(stack) > deepest:
            deepest = len(stack)
        if tag in _BLOCK_TAGS or tag == "br":
            if parts:
                flush()
            block = (tag, region)
        if code:
            parts.append(CODE_OPEN)
        if text := el.text:
            parts.append(text)
        if "onclick" in attrib or (tag == "a" and _is_script_href(attrib.get("href"))):
            why = _uncrawlable(tag, attrib)
            if why:
                out.uncrawlable.append((tag, element_text(el)[:80], why))
        if tag == "a":
            href = attrib.get("href")
            target = resolve_link(base, href, query) if href is not None else None
            if target:
                position += 1
                nofollow = "nofollow" in attrib.get("rel", "").lower()
                fragment = _fragment(href)
                link_region = region
                if region == Region.RELATED and is_navigation_link(attrib):
                    link_region = Region.NAV  # a prev/next bar inside a "related" box
                out.links.append(
                    Link(
                        url,
                        target,
                        "a",
                        element_text(el),
                        link_region,
                        nofollow,
                        position,
                        fragment,
                        el.sourceline,
                    )
                )
                out.raw_hrefs[position] = href
        elif tag in _ASSET_ATTRS:
            src = attrib.get(_ASSET_ATTRS[tag])
            target = resolve_link(base, src, query) if src else None
            if target:
                position += 1
                alt = attrib.get("alt") if tag == "img" else ""
                kind = tag if tag in ("img", "script", "iframe") else "media"
                out.links.append(
                    Link(url, target, kind, alt, region, False, position, None, el.sourceline)
                )
                out.raw_hrefs[position] = src
        elif tag == "h1" or tag == "h2":
            (out.h1 if tag == "h1" else out.h2).append(heading_text(el))
    if parts:
        flush()
    # The first frame stands for <html>, then one per element from <body> down.
    return deepest
