"""Which text of a page is code: inline code, literals, commands, program output.

Term checks must tell prose from code: ``TarFile`` in a code sample and "tarfile" in a
sentence are not one term spelled two ways. While the page is walked, the text of code-like
elements is wrapped in two marker characters; ``split_code`` removes them again and returns
the character ranges they enclosed, stored with the text block.
"""

from __future__ import annotations

import re
from functools import lru_cache

CODE_OPEN = "\x02"
CODE_CLOSE = "\x03"

# HTML's own code elements (<pre> is a block of them).
_CODE_TAGS = frozenset({"code", "kbd", "samp", "tt", "var", "pre", "listing", "xmp"})
# Classes documentation generators give to literals, commands, file names, options, program
# listings and output (DocBook XSL, Sphinx/docutils, highlight.js/Pygments, Pandoc).
_CODE_CLASS = re.compile(
    r"(^|\s)(literal|code|pre|command|filename|option|computeroutput|userinput|replaceable|"
    r"envar|varname|function|parameter|programlisting|screen|synopsis|systemitem|"
    r"sig|sig-name|sig-prename|sig-param|descname|descclassname|highlight(-[\w-]+)?|"
    r"hljs|sourceCode|language-[\w-]+|lang-[\w-]+)(\s|$)"
)
# Package names (DocBook's <package>, Publican's "pkg"), only on inline elements: a block
# classed "package" is as likely a price plan's card as a software package.
_INLINE_TAGS = frozenset({"span", "em", "strong", "b", "i", "a"})
_PACKAGE_CLASS = re.compile(r"(^|\s)(package|pkg)(\s|$)")


@lru_cache(maxsize=4096)
def is_code_element(tag: str, klass: str | None) -> bool:
    """True for an element whose text is code, not prose."""
    if tag in _CODE_TAGS:
        return True
    if not klass:
        return False
    if _CODE_CLASS.search(klass) is not None:
        return True
    return tag in _INLINE_TAGS and _PACKAGE_CLASS.search(klass) is not None


def split_code(text: str, depth: int = 0) -> tuple[str, list[tuple[int, int]], int]:
    """Whitespace-collapsed ``text`` without markers, its code ranges, and the code depth
    still open at its end (a code element that spans two blocks).

    ``depth``: code elements still open from the previous block (its text starts in code).
    """
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = 0 if depth else None
    for token in text.split():
        if CODE_OPEN not in token and CODE_CLOSE not in token:
            length += len(token) + (1 if out else 0)
            out.append(token)
            continue
        at = length + (1 if out else 0)  # where this token's first character will be
        chars: list[str] = []
        for ch in token:
            if ch == CODE_OPEN:
                depth += 1
                if depth == 1:
                    start = at + len(chars)
            elif ch == CODE_CLOSE:
                if depth:
                    depth -= 1
                    if depth == 0 and start is not None:
                        end = at + len(chars) if chars else length
                        if end > start:
                            spans.append((start, end))
                        start = None
            else:
                chars.append(ch)
        if chars:
            length = at + len(chars)
            out.append("".join(chars))
    if depth and start is not None and length > start:
        spans.append((start, length))
    return " ".join(out), spans, depth
