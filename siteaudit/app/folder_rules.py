"""A built site's own serving rules: Netlify-style ``_redirects`` and ``_headers`` files.

Static hosts (Netlify, Cloudflare Pages) read redirects and extra headers from these two
files at the site's root; honouring them when a folder is checked makes the links behave as
they will in production (an old URL with a redirect rule is a redirect, not a broken link).

``_redirects``: one rule a line, ``FROM [param=value...] TO [STATUS][!]``. FROM is a path
that may hold ``:name`` segments and end in ``*``; TO may use ``:name`` and ``:splat``.
STATUS 3xx redirects (301 if left out), 200 serves TO's file in place (a rewrite), 4xx/5xx
serves TO's file (or a small error page) with that status. A rule is skipped while a file
exists at FROM, unless it ends in ``!``. The first matching rule wins. Rules with conditions
(``Country=``, ``Role=``...) and proxies to other hosts (200 to an absolute URL) are left out:
a local check must not fetch other hosts.

``_headers``: a path pattern on its own line, then indented ``Name: value`` lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from siteaudit.core.config import ConfigError

REDIRECTS_FILE = "_redirects"
HEADERS_FILE = "_headers"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_STATUS_RE = re.compile(r"^([1-5]\d\d)(!?)$")
_HEADER_RE = re.compile(r"^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$")


def match_path(pattern: str, path: str) -> dict[str, str] | None:
    """The placeholders ``pattern`` binds on ``path`` (``splat`` for a trailing ``*``), or None."""
    wanted, segments = pattern.split("/"), path.split("/")
    params: dict[str, str] = {}
    if wanted[-1] == "*":
        wanted = wanted[:-1]
        if len(segments) < len(wanted):
            return None
        params["splat"] = "/".join(segments[len(wanted) :])
        segments = segments[: len(wanted)]
    elif len(wanted) != len(segments):
        return None
    for want, segment in zip(wanted, segments, strict=True):
        if want.startswith(":") and segment:
            params[want[1:]] = segment
        elif want != segment:
            return None
    return params


@dataclass(frozen=True, slots=True)
class RedirectRule:
    """One line of ``_redirects``."""

    source: str
    target: str
    status: int = 301
    force: bool = False
    query: tuple[tuple[str, str], ...] = ()  # (parameter, ":name" to bind or a literal value)

    @property
    def is_redirect(self) -> bool:
        return self.status in REDIRECT_STATUSES

    def match(self, path: str, query: str) -> str | None:
        """The target this rule gives the request, placeholders filled in, or None."""
        params = match_path(self.source, path)
        if params is None:
            return None
        values = parse_qs(query, keep_blank_values=True)
        for name, want in self.query:
            if name not in values:
                return None
            if want.startswith(":"):
                params[want[1:]] = values[name][0]
            elif values[name][0] != want:
                return None
        target = self.target
        for name in sorted(params, key=len, reverse=True):  # :splat before a :s placeholder
            target = target.replace(":" + name, params[name])
        return target


@dataclass(frozen=True, slots=True)
class HeaderRule:
    """One block of ``_headers``: a path pattern and the headers its responses get."""

    source: str
    headers: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class FolderRules:
    """The serving rules of one folder (empty when it has neither file)."""

    redirects: tuple[RedirectRule, ...] = ()
    headers: tuple[HeaderRule, ...] = field(default_factory=tuple)

    def headers_for(self, path: str) -> dict[str, str]:
        """Extra headers for ``path``; a header set by several blocks gets their values joined."""
        found: dict[str, list[str]] = {}
        for rule in self.headers:
            if match_path(rule.source, path) is not None:
                for name, value in rule.headers:
                    found.setdefault(name, []).append(value)
        return {name: ", ".join(values) for name, values in found.items()}


def _content_lines(text: str) -> list[tuple[int, str]]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            lines.append((number, raw.rstrip()))
    return lines


def parse_redirects(text: str, name: str = REDIRECTS_FILE) -> tuple[RedirectRule, ...]:
    """The rules of a ``_redirects`` file; ConfigError names the first line it cannot read."""
    rules = []
    for number, line in _content_lines(text):
        tokens = line.split()
        source, rest = tokens[0], tokens[1:]
        if not source.startswith("/"):
            if source.startswith(("http://", "https://")):
                continue  # a rule for one domain of several: not this folder's paths
            raise ConfigError(f"{name}: line {number}: the path must start with /: {source}")
        query = []
        while rest and "=" in rest[0] and not rest[0].startswith(("/", "http")):
            param, _, value = rest.pop(0).partition("=")
            query.append((param, value))
        if not rest:
            raise ConfigError(f"{name}: line {number}: no target for {source}")
        target, rest = rest[0], rest[1:]
        status, force = 301, False
        if rest and (found := _STATUS_RE.match(rest[0])):
            status, force = int(found[1]), found[2] == "!"
            rest = rest[1:]
        if rest:
            continue  # conditions (Country=, Language=, Role=...): nothing to decide them on
        if not status_is_servable(status):
            raise ConfigError(f"{name}: line {number}: status {status} is not served")
        if "*" in source[:-1]:
            raise ConfigError(f"{name}: line {number}: * may only end the path: {source}")
        if status not in REDIRECT_STATUSES and not target.startswith("/"):
            continue  # a proxy to another host: a local check never fetches other hosts
        rules.append(RedirectRule(source, target, status, force, tuple(query)))
    return tuple(rules)


def status_is_servable(status: int) -> bool:
    """Statuses a rule may give: redirects, 200 (rewrite) and errors."""
    return status in REDIRECT_STATUSES or status == 200 or 400 <= status <= 599


def parse_headers(text: str, name: str = HEADERS_FILE) -> tuple[HeaderRule, ...]:
    """The blocks of a ``_headers`` file; ConfigError names the first line it cannot read."""
    rules: list[HeaderRule] = []
    source: str | None = None
    headers: list[tuple[str, str]] = []
    for number, line in _content_lines(text):
        if not line[0].isspace():
            if source is not None:
                rules.append(HeaderRule(source, tuple(headers)))
            source, headers = line.strip(), []
            if not source.startswith("/"):
                raise ConfigError(f"{name}: line {number}: the path must start with /: {source}")
            continue
        found = _HEADER_RE.match(line.strip())
        if source is None or not found:
            raise ConfigError(f"{name}: line {number}: expected 'Name: value' under a path")
        headers.append((found[1], found[2]))
    if source is not None:
        rules.append(HeaderRule(source, tuple(headers)))
    return tuple(rules)


def load_folder_rules(root: Path) -> FolderRules:
    """The rules in ``root``'s ``_redirects`` and ``_headers`` (none when they are absent)."""
    redirects, headers = root / REDIRECTS_FILE, root / HEADERS_FILE
    return FolderRules(
        redirects=parse_redirects(redirects.read_text("utf-8")) if redirects.is_file() else (),
        headers=parse_headers(headers.read_text("utf-8")) if headers.is_file() else (),
    )
