"""The ``--write FORMAT=PATH`` option shared by ``check``, ``crawl`` and ``report``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

FORMAT_NAMES = ("text", "json", "junit", "sarif", "markdown", "github")


def write_option(example: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The repeatable ``--write`` option, its help naming an example file."""
    return click.option(
        "--write",
        "writes",
        multiple=True,
        metavar="FORMAT=PATH",
        help=f"Also write this CI format to a file (repeatable), e.g. sarif={example}. "
        f"Formats: {', '.join(FORMAT_NAMES)}.",
    )


def parse_writes(values: tuple[str, ...]) -> list[tuple[str, Path]]:
    """(format, path) pairs; a malformed value is a usage error (exit 2)."""
    writes = []
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or name not in FORMAT_NAMES or not path:
            raise click.BadParameter(
                f"expected FORMAT=PATH with FORMAT one of {', '.join(FORMAT_NAMES)}: {value!r}",
                param_hint="--write",
            )
        writes.append((name, Path(path)))
    return writes
