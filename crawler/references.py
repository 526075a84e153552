"""Link-checking extras of one parsed page: assets in <head>, srcset, same-page "#id" links,
what the body walk skips (scripts, frames, SVG, meta and JSON-LD URLs, inline CSS), the ids
a fragment can point at, and where each link sits in the HTML source (line:column).

Only used when a crawl checks links (``siteaudit check``): a plain audit crawl skips the cost.
"""

from __future__ import annotations

from typing import cast
from urllib.parse import unquote

from lxml import etree
from siteaudit.crawler.element_text import element_text
from siteaudit.crawler.embedded_references import embedded_references
from siteaudit.crawler.extracted import Extracted

from siteaudit.core.records import Link, Region
from siteaudit.core.urls import normalize_url, resolve_link

# <link rel> values that name no fetchable resource of the page (hints, not references).
_HINT_RELS = frozenset({"dns-prefetch", "preconnect", "prerender", "prefetch"})
_SRCSET_TAGS = ("img", "source")
_LOOKAHEAD_LINES = 8  # a start tag's attributes may wrap over the next few lines


def add_references(
    root: etree._Element, text: str, url: str, base: str, query: str, out: Extracted
) -> None:
    """Append head assets, srcset candidates, "#id" links and the references the body walk
    skips (see embedded_references.py); fill anchors and columns."""
    position = max((link.position for link in out.links), default=0)
    extra: list[tuple[Link, str]] = []
    for el in root.iter("link", "img", "source", "video", "a"):
        tag = el.tag
        line = cast("int | None", el.sourceline)  # lxml-stubs leave sourceline unannotated
        if tag == "link":
            rel = set((el.get("rel") or "").lower().split())
            href = el.get("href")
            if href and not rel & _HINT_RELS:
                target = resolve_link(base, href, query)
                if target:
                    extra.append((Link(url, target, "link", None, Region.HEADER), href))
        elif tag in _SRCSET_TAGS and el.get("srcset"):
            for candidate in _srcset_urls(el.get("srcset", "")):
                target = resolve_link(base, candidate, query)
                if target:
                    extra.append((Link(url, target, "srcset", None, Region.MAIN), candidate))
        elif tag == "video" and el.get("poster"):
            poster = el.get("poster", "")
            target = resolve_link(base, poster, query)
            if target:
                extra.append((Link(url, target, "media", None, Region.MAIN), poster))
        elif tag == "a":
            href = (el.get("href") or "").strip()
            if len(href) > 1 and href[0] == "#":
                target = normalize_url(base, query)
                if target:
                    text_ = element_text(el)
                    link = Link(url, target, "a", text_, Region.MAIN, fragment=unquote(href[1:]))
                    extra.append((link, href))
        for link, raw in extra:
            position += 1
            link.position, link.line = position, line
            out.links.append(link)
            out.raw_hrefs[position] = raw
        extra.clear()
    for found in embedded_references(root, url, base, query):
        position += 1
        found.link.position, found.link.line = position, found.line
        out.links.append(found.link)
        out.raw_hrefs[position] = found.raw
    ids = root.xpath("//@id | //a/@name")
    assert isinstance(ids, list)  # an attribute node-set is always a list
    out.anchors = sorted({str(v) for v in ids if str(v)})
    locate_columns(text, out)


def _srcset_urls(srcset: str) -> list[str]:
    """The URLs of a srcset attribute ("a.png 1x, b.png 2x")."""
    urls = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts and not parts[0].startswith("data:"):
            urls.append(parts[0])
    return urls


def locate_columns(text: str, out: Extracted) -> None:
    """Set each link's 1-based column: where its href, as written, starts on its line."""
    lines = text.split("\n")
    # (line, href) -> column after its last match, so a repeated href finds its next copy.
    cursor: dict[tuple[int, str], int] = {}
    for link in sorted(out.links, key=lambda ln: ((ln.line or 0), ln.position)):
        raw = out.raw_hrefs.get(link.position)
        if not link.line or raw is None:
            continue
        for line_no in range(link.line, min(link.line + _LOOKAHEAD_LINES, len(lines) + 1)):
            start = cursor.get((line_no, raw), 0)
            index = lines[line_no - 1].find(raw, start)
            if index < 0 and "&" in raw:  # written as &amp; in the source
                index = lines[line_no - 1].find(raw.replace("&", "&amp;"), start)
            if index >= 0:
                link.line, link.column = line_no, index + 1
                cursor[(line_no, raw)] = index + len(raw)
                break
