"""Suppressions: findings marked "won't fix" or "ignored", hidden from reports and exit status.

A suppression file (TOML or YAML) lives with the crawls, so it carries over from one crawl
to the next: rules match by check id and URL, never by crawl.

TOML::

    [[suppress]]
    check = "broken-link"                 # a check id, or a glob such as "title-*"
    url = "https://help.example.com/old"  # exact URL ...
    status = "wontfix"                    # wontfix | ignored
    reason = "Archived page, kept on purpose"

    [[suppress]]
    check = "image-missing-alt"
    url_pattern = "https://help.example.com/legacy/*"   # glob, or "re:" + a regex
    target = "*.svg"                                     # optional: the link/image target
    status = "ignored"

YAML: a top-level ``suppress:`` list of the same mappings (or the bare list).
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from siteaudit.core.records import Finding
from siteaudit.core.suppression import (
    SuppressedFinding,
    Suppression,
    SuppressionResult,
    UrlPattern,
)
from siteaudit.core.user_regex import UserRegexError, compile_user_regex

STATUSES = ("wontfix", "ignored")
DEFAULT_NAMES = ("suppressions.toml", "suppressions.yaml", "suppressions.yml")
_KEYS = {"check", "url", "url_pattern", "target", "status", "reason"}


class SuppressionError(ValueError):
    """The suppression file cannot be read or has an invalid entry; the message says which."""


def find_suppression_file(folder: Path) -> Path | None:
    """The suppression file of an output folder (suppressions.toml/.yaml/.yml), if any."""
    for name in DEFAULT_NAMES:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


def load_suppressions(path: Path | None) -> list[Suppression]:
    """Parse a suppression file; ``None`` means no file and no rules."""
    if path is None:
        return []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SuppressionError(f"cannot read suppression file {path}: {exc.strerror}") from exc
    try:
        if Path(path).suffix.lower() in (".yaml", ".yml"):
            doc = _load_yaml(text)
        else:
            doc = tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError, and YAML errors re-raised as ValueError
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SuppressionError(f"{path}: not valid: {first_line}") from exc
    entries = doc.get("suppress", []) if isinstance(doc, dict) else doc
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise SuppressionError(f"{path}: 'suppress' must be a list of entries")
    return [_parse_entry(entry, f"{path}: entry {n}") for n, entry in enumerate(entries, 1)]


def _load_yaml(text: str) -> object:
    import yaml  # only YAML files need PyYAML; TOML is in the standard library

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from exc


def _parse_entry(entry: object, where: str) -> Suppression:
    if not isinstance(entry, dict):
        raise SuppressionError(f"{where}: must be a table/mapping")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise SuppressionError(f"{where}: unknown key {unknown[0]!r}")
    check = entry.get("check")
    if not isinstance(check, str) or not check:
        raise SuppressionError(f"{where}: 'check' is required")
    status = entry.get("status", "wontfix")
    if status not in STATUSES:
        raise SuppressionError(f"{where}: status must be one of {', '.join(STATUSES)}")
    url, pattern = entry.get("url"), entry.get("url_pattern")
    if url is None and pattern is None:
        raise SuppressionError(f"{where}: give 'url' or 'url_pattern'")
    if url is not None and pattern is not None:
        raise SuppressionError(f"{where}: give 'url' or 'url_pattern', not both")
    for key in ("url", "url_pattern", "target", "reason"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise SuppressionError(f"{where}: {key!r} must be a string")
    target = entry.get("target")
    return Suppression(
        check=check,
        status=status,
        url=url,
        url_pattern=pattern,
        target=target,
        reason=entry.get("reason") or "",
        _url_re=_compile_pattern(pattern, where) if pattern is not None else None,
        _check_re=_glob(check) if _is_glob(check) else None,
        _target_re=_glob(target) if target is not None and _is_glob(target) else None,
    )


def _compile_pattern(pattern: str, where: str) -> UrlPattern:
    """``re:`` prefix: a regular expression searched in the URL; otherwise a whole-URL glob.

    Regexes run on RE2 (linear time, see core.user_regex). Globs stay on ``re``: fnmatch
    translates them without nested repeats, so they cannot backtrack catastrophically.
    """
    if pattern.startswith("re:"):
        try:
            return compile_user_regex(pattern[3:])
        except UserRegexError as exc:
            shown = pattern[3:] if len(pattern) <= 103 else pattern[3:83] + "..."
            raise SuppressionError(f"{where}: bad regex {shown!r}: {exc}") from None
    return re.compile(r"\A" + fnmatch.translate(pattern))


def _is_glob(value: str) -> bool:
    return any(ch in value for ch in "*?[")


def _glob(value: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(value))


def apply_suppressions(findings: Iterable[Finding], rules: list[Suppression]) -> SuppressionResult:
    """Split findings into kept and suppressed (exact-URL rules first, then in file order)."""
    if not rules:
        return SuppressionResult(list(findings), [], [])
    # exact-URL rules are looked up by (check, url) so large files stay linear
    exact: dict[tuple[str, str], list[Suppression]] = {}
    others: list[Suppression] = []
    for rule in rules:
        if rule.url is not None and rule._check_re is None:
            exact.setdefault((rule.check, rule.url), []).append(rule)
        else:
            others.append(rule)
    kept: list[Finding] = []
    suppressed: list[SuppressedFinding] = []
    for finding in findings:
        candidates = exact.get((finding.check, finding.url), [])
        match = next((r for r in (*candidates, *others) if r.matches(finding)), None)
        if match is None:
            kept.append(finding)
        else:
            suppressed.append(SuppressedFinding(finding, match))
    return SuppressionResult(kept, suppressed, list(rules))
