"""Markdown (.md, .mdx) pages of a checked folder, read as HTML that keeps their line numbers.

A docs folder often holds Markdown rather than built HTML. It is parsed with markdown-it-py
(CommonMark plus tables and strikethrough, raw HTML kept) and rendered so that every block
starts on the line it has in the source: the HTML extractor then reports a link at its
Markdown line, and ``locate`` moves its column to where the URL stands in the Markdown text.
Headings get GitHub's ids (``## Install the CLI`` is ``#install-the-cli``; repeats get
``-1``, ``-2``), so ``guide.md#install-the-cli`` is checked like an HTML fragment.

MDX: ``import``/``export`` lines are read as plain text and JSX tags pass through as raw
HTML; links written as Markdown or as ``<a href>`` are checked, JSX components' props not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from siteaudit.core.records import Link

MARKDOWN_SUFFIXES = (".md", ".mdx", ".markdown")
_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# GitHub's slug: lower case, drop what is not a letter, digit, space, "-" or "_", spaces to "-".
_NOT_SLUG = re.compile(r"[^\w\- ]", re.UNICODE)


def is_markdown_url(url: str) -> bool:
    """Whether a URL names a Markdown file (by its path's suffix)."""
    return urlsplit(url).path.lower().endswith(MARKDOWN_SUFFIXES)


def github_slug(text: str) -> str:
    """The id GitHub gives a heading with this text (before de-duplication)."""
    return _NOT_SLUG.sub("", text.strip().lower()).replace(" ", "-")


@dataclass(slots=True)
class RenderedMarkdown:
    """HTML whose line N holds what line N of the Markdown holds, and the links' columns."""

    html: str
    # line (1-based) -> 1-based columns of the link and image URLs on it, in order.
    columns: dict[int, list[int]] = field(default_factory=dict)

    def locate(self, links: list[Link]) -> list[Link]:
        """Links with their column moved to the URL's place in the Markdown source."""
        seen: dict[int, int] = {}
        located = []
        for link in links:
            columns = self.columns.get(link.line or 0, [])
            n = seen.get(link.line or 0, 0)
            if link.line is not None and n < len(columns):
                seen[link.line] = n + 1
                link = replace(link, column=columns[n])
            located.append(link)
        return located


def render_markdown(source: str) -> RenderedMarkdown:
    """Markdown as an HTML document (headings with ids), line for line with the source."""
    tokens = _PARSER.parse(source)
    lines = source.split("\n")
    columns: dict[int, list[int]] = {}
    slugs: dict[str, int] = {}
    out: list[str] = ["<!DOCTYPE html><html><body>"]
    line = 0  # 0-based line of the output being written
    for i, token in enumerate(tokens):
        if token.map is not None and token.nesting >= 0:
            gap = token.map[0] - line
            if gap > 0:
                out.append("\n" * gap)
                line += gap
        if token.type == "heading_open":
            token.attrSet("id", _unique(github_slug(_text(tokens[i + 1])), slugs))
        if token.type == "inline" and token.map is not None:
            _record_columns(token, token.map[0], lines, columns)
        html = _PARSER.renderer.render([token], _PARSER.options, {})
        if token.block and html.endswith("\n"):
            html = html[:-1]  # line breaks come from the source's lines only
        out.append(html)
        line += html.count("\n")
    out.append("\n</body></html>\n")
    return RenderedMarkdown("".join(out), columns)


def _unique(slug: str, seen: dict[str, int]) -> str:
    count = seen.get(slug, 0)
    seen[slug] = count + 1
    return slug if count == 0 else f"{slug}-{count}"


def _text(inline: Token) -> str:
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))


def _record_columns(
    inline: Token, first_line: int, lines: list[str], columns: dict[int, list[int]]
) -> None:
    """Find each link's and image's URL in the source lines of an inline block, in order."""
    line = first_line
    start = 0
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            line, start = line + 1, 0
            continue
        url = child.attrGet("href") if child.type == "link_open" else None
        if child.type == "image":
            url = child.attrGet("src")
        if not isinstance(url, str) or line >= len(lines):
            continue
        found = lines[line].find(url, start)
        if found < 0:  # a reference-style link: its URL is elsewhere; point at the line
            found = start
        else:
            start = found + len(url)
        columns.setdefault(line + 1, []).append(found + 1)
