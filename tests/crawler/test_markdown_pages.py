"""Markdown pages rendered line for line: links keep their source line and column, headings
get GitHub's ids."""

from __future__ import annotations

from siteaudit.crawler.extraction import extract_page
from siteaudit.crawler.markdown_pages import github_slug, is_markdown_url, render_markdown

SOURCE = """# Guide

Intro with a [link](other.md#install-the-cli) and
a second [one](https://example.com/x "t") on line 4.

## Install the CLI

- item [a](a.md)
- item ![img](pic.png)

## Install the CLI

| a | b |
|---|---|
| [t](t.md) | x |

```
[not a link](nowhere.md)
```
"""


def test_github_slugs_and_repeats() -> None:
    assert github_slug("Install the CLI") == "install-the-cli"
    assert github_slug("What's new in 2.0?") == "whats-new-in-20"
    assert github_slug("  Über_uns -- Team ") == "über_uns----team"
    anchors = extract_page(
        render_markdown(SOURCE).html, "http://x/guide.md", references=True
    ).anchors
    assert anchors == ["guide", "install-the-cli", "install-the-cli-1"]


def test_links_are_found_at_their_markdown_line_and_column() -> None:
    rendered = render_markdown(SOURCE)
    data = extract_page(rendered.html, "http://x/guide.md", references=True)
    links = rendered.locate(data.links)
    lines = SOURCE.split("\n")
    found = {(ln.target, ln.fragment): (ln.line, ln.column) for ln in links}
    assert set(found) == {
        ("http://x/other.md", "install-the-cli"),
        ("https://example.com/x", None),
        ("http://x/a.md", None),
        ("http://x/pic.png", None),
        ("http://x/t.md", None),
    }
    for (target, _), (line, column) in found.items():
        raw = target.removeprefix("http://x/")
        assert lines[line - 1][column - 1 :].startswith(raw), (target, line, column)


def test_markdown_urls_by_suffix() -> None:
    assert is_markdown_url("http://127.0.0.1:8000/docs/Guide.MD?x=1")
    assert is_markdown_url("http://127.0.0.1:8000/page.mdx")
    assert not is_markdown_url("http://127.0.0.1:8000/md/index.html")
