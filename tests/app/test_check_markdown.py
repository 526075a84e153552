"""`siteaudit check DIR` on a folder of Markdown (and MDX) beside HTML: links in .md/.mdx
files are checked at their source line:column, and headings are #fragments (GitHub ids)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import html, write_site
from tests.resolver_hook import run_hooked

README = """# Project

See the [install guide](docs/guide.md#install-the-cli) and
the [old part](docs/guide.md#no-such-part), or [a page](index.html#top-part).

- [gone](docs/gone.md)
"""
GUIDE = """# Guide

## Install the CLI

Back [home](../README.md).
"""
MDX = """import Card from './card'

# Components

[External](https://dead-host.invalid/x)
"""

INDEX = html(
    "Home",
    '<h2 id="top-part">Top</h2><a href="docs/guide.md#install-the-cli">guide</a>'
    '<a href="docs/guide.md#missing">missing</a>',
)


def _site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path / "site",
        {
            "README.md": README,
            "docs/guide.md": GUIDE,
            "docs/page.mdx": MDX,
            "index.html": INDEX,
        },
    )


def test_markdown_links_and_heading_fragments_are_checked_in_the_source(
    tmp_path: Path,
) -> None:
    done = run_hooked("check", str(_site(tmp_path)), "--format", "json")
    assert done.returncode == 1, done.stderr
    found = {
        (p["file"], p["line"], p["column"], p["status"])
        for p in json.loads(done.stdout)["problems"]
    }
    assert found == {
        ("README.md", 4, _column(README, 4, "docs/guide.md#no-such"), "missing #no-such-part"),
        ("README.md", 6, _column(README, 6, "docs/gone.md"), "404"),
        ("docs/page.mdx", 5, _column(MDX, 5, "https://dead-host"), "dns"),
        ("index.html", 1, _column(INDEX, 1, "docs/guide.md#missing"), "missing #missing"),
    }
    summary = json.loads(done.stdout)["summary"]
    # The checked files: README.md, docs/guide.md, docs/page.mdx and index.html (the missing
    # docs/gone.md is a target, not a page; every format counts pages the same way).
    assert summary["pages"] == 4


def _column(text: str, line: int, needle: str) -> int:
    return text.split("\n")[line - 1].index(needle) + 1


def test_no_markdown_leaves_markdown_files_unread(tmp_path: Path) -> None:
    done = run_hooked("check", str(_site(tmp_path)), "--format", "json", "--no-markdown")
    result = json.loads(done.stdout)
    assert done.returncode == 0, result["problems"]  # no .md file read, no fragment in one
    # One page read (index.html); its two links, one to docs/guide.md (fetched, not read).
    assert (result["summary"]["pages"], result["summary"]["links"]) == (1, 2)
