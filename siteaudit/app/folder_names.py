"""How ``check DIR`` names what it found: files and site paths, never the loopback origin.

A folder is crawled on ``http://127.0.0.1:<port>``, a port that changes every run. Its output
and baselines must not: pages are named by the file that holds them, links by the href as
written in that file, and any other URL of the folder by its path from the site root
("/docs/"), so two runs of an unchanged folder give the same results in every format.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from siteaudit.app.source_map import url_to_file
from siteaudit.core.records import Finding

# Evidence values that hold a URL of the crawl, or a list of them.
_URL_EVIDENCE = ("target", "final")
_LIST_EVIDENCE = ("hops",)


def repository_of(folder: Path, cwd: Path | None = None) -> Path:
    """Where CI names files from: the git top level holding the working directory, if the
    folder is inside it; else the working directory, if inside that; else the folder."""
    folder = folder.resolve()
    here = (cwd or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            if folder.is_relative_to(candidate):
                return candidate
            break
    return here if folder.is_relative_to(here) else folder


@dataclass(slots=True)
class FolderNames:
    """Names for the URLs of one served folder."""

    root: Path  # the checked folder, resolved
    origin: str  # the loopback origin it is served on, without a slash
    repository: Path  # file names in CI output are relative to this
    _sources: dict[str, list[str]] = field(default_factory=dict)

    def path(self, url: str) -> str:
        """``url`` as a path from the site root ('/a.html#x'); other hosts' URLs unchanged."""
        rest = url[len(self.origin) :]
        if not url.startswith(self.origin) or (rest and rest[0] not in "/?#"):
            return url
        return rest if rest.startswith("/") else "/" + rest

    def text(self, text: str) -> str:
        """A message with every URL of the folder written as its path."""
        return text.replace(self.origin + "/", "/").replace(self.origin, "/")

    def source_file(self, url: str) -> str | None:
        """The file (relative to the folder, with '/') that serves ``url``, or None."""
        return url_to_file(url, self.origin, self.root)

    def display_file(self, file: str) -> str:
        """A folder file named from the repository, as CI annotations and SARIF want it."""
        return (self.root / file).relative_to(self.repository).as_posix()

    def written(self, file: str, line: int | None, column: int | None) -> str | None:
        """The attribute or url() value that starts at line:column of ``file``, as written."""
        if not line or not column:
            return None
        lines = self._lines(file)
        if line > len(lines):
            return None
        text, start = lines[line - 1], column - 1
        quote = text[start - 1] if start > 0 and text[start - 1] in "\"'" else None
        end = text.find(quote, start) if quote else -1
        if end < 0:
            end = start
            while end < len(text) and not text[end].isspace() and text[end] not in "\"'>)":
                end += 1
        value = text[start:end]
        return html.unescape(value) if value else None

    def _lines(self, file: str) -> list[str]:
        if file not in self._sources:
            try:
                source = (self.root / file).read_text(encoding="utf-8", errors="replace")
            except OSError:
                source = ""
            self._sources[file] = source.split("\n")
        return self._sources[file]

    def localize(self, finding: Finding) -> Finding:
        """The finding with every URL of the folder replaced by its site path."""
        evidence = dict(finding.evidence)
        for name in _URL_EVIDENCE:
            value = evidence.get(name)
            if isinstance(value, str):
                evidence[name] = self.path(value)
        for name in _LIST_EVIDENCE:
            values = evidence.get(name)
            if isinstance(values, list):
                evidence[name] = [self.path(str(v)) for v in values]
        return replace(
            finding,
            url=self.path(finding.url),
            message=self.text(finding.message),
            fix=self.text(finding.fix) if finding.fix else finding.fix,
            evidence=evidence,
        )


def folder_names(root: Path, origin: str) -> FolderNames:
    """Names for ``root`` served at ``origin``, files named from the current repository."""
    resolved = root.resolve()
    return FolderNames(resolved, origin.rstrip("/"), repository_of(resolved, Path(os.getcwd())))
