"""The URLs a piece of CSS references: ``url()`` and ``@import``, outside comments.

Read from fetched stylesheets, ``<style>`` blocks and ``style`` attributes alike.
"""

from __future__ import annotations

import re

# An unterminated comment runs to the end of the stylesheet, as browsers read it.
_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_NOT_NEWLINE = re.compile(r"[^\n]")


def css_urls(css: str) -> list[tuple[str, int]]:
    """Each referenced URL as written and its offset in ``css``; data: and #id URLs left out."""
    # Comments become blanks of the same length, so offsets (and lines) still fit the source.
    visible = _COMMENT.sub(lambda m: _NOT_NEWLINE.sub(" ", m.group()), css)
    found = []
    for match in _CSS_URL.finditer(visible):
        group = 2 if match.group(2) else 4
        raw = match.group(group)
        url = raw.strip()
        if url and not url.startswith(("data:", "#")):
            found.append((url, match.start(group) + len(raw) - len(raw.lstrip())))
    return found
