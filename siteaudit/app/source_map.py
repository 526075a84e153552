"""Where a URL of a served folder comes from: the file path, for reports on a built site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def url_to_file(url: str, base_url: str, root: Path) -> str | None:
    """The path (relative to ``root``, with '/') of the file ``url`` serves, or None."""
    if not url.startswith(base_url.rstrip("/") + "/"):
        return None
    path = unquote(urlsplit(url).path)
    relative = path.lstrip("/")
    candidate = root / relative
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    elif not candidate.exists():
        candidate = candidate.with_name(candidate.name + ".html")  # a clean URL ("/about")
    try:
        resolved = candidate.resolve()
        if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
            return None
        return resolved.relative_to(root.resolve()).as_posix()
    except OSError:
        return None


def html_files(root: Path, suffixes: tuple[str, ...] = (".html", ".htm")) -> list[str]:
    """Every HTML file (or file with one of ``suffixes``) under ``root`` as a URL path
    ('/a/b.html'), hidden folders skipped."""
    paths = []
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if file.suffix.lower() in suffixes and file.is_file():
            paths.append("/" + relative.as_posix())
    return paths
