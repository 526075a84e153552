"""Shared test helpers: build small sites on disk, run the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from siteaudit.core.records import Page
from siteaudit.store import Store

REPO = Path(__file__).resolve().parent.parent


def write_site(root: Path, files: dict[str, str | bytes], server: dict | None = None) -> Path:
    """Write ``files`` (URL path -> content) under ``root``; optional _server.json rules."""
    for path, content in files.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    if server is not None:
        (root / "_server.json").write_text(json.dumps(server), encoding="utf-8")
    return root


def html(title: str, body: str, head: str = "") -> str:
    """A small, valid HTML page."""
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='description' content='About {title}.'>{head}</head>"
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    )


def run_siteaudit(
    *args: str, cwd: Path | None = None, timeout: float = 120, umask: int = -1
) -> subprocess.CompletedProcess[str]:
    """Run `python -m siteaudit ARGS` as a user would (``umask``: the child's, -1 keeps ours)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), CI="true")
    return subprocess.run(
        [sys.executable, "-m", "siteaudit", *args],
        cwd=cwd or REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        umask=umask,
    )


def stored_pages(output: Path) -> dict[str, Page]:
    """The latest crawl's pages in an output folder, by URL."""
    with Store.in_folder(output, create=False) as store:
        return {p.url: p for p in store.pages(store.crawl().id, with_links=True)}


def free_port() -> int:
    """A loopback port nobody listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_timed(code: str, timeout: float = 60) -> float:
    """Run ``code`` (which prints the seconds its matching took) in a child; return them."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (children, grandchildren...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def render_facts(out: Path) -> dict[str, dict[str, Any]]:
    """The stored render event of each rendered URL of the crawl in ``out``, by URL."""
    with Store.in_folder(out, create=False) as store:
        run = store.crawl()
        return {e.url: json.loads(e.detail) for e in store.events(run.id) if e.kind == "render"}


T = TypeVar("T")


def traced(call: Callable[[], T]) -> tuple[T, tuple[int, int]]:
    """``call()``'s result, and the memory (bytes, tracemalloc) it allocated and still holds
    at its end and the most it held at once."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
