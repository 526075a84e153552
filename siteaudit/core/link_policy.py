"""Link-check policies given as text: URL remaps and per-status levels.

``--remap 'REGEX REPLACEMENT'`` rewrites link URLs before they are checked (as lychee's
``--remap``): a preview build whose links name the production host is checked against
itself. ``--status 403:warn,999:ignore`` says what a status code means for a broken link.
Both are parsed here once, for the config's validation and for the code that applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Action = Literal["ignore", "warn", "error"]
_ACTIONS: tuple[Action, ...] = ("ignore", "warn", "error")


class PolicyError(ValueError):
    """A remap or status policy that cannot be read; the message quotes it."""


@dataclass(frozen=True, slots=True)
class Remap:
    """One URL rewrite: ``pattern`` searched in the URL, replaced as by re.sub (once)."""

    pattern: re.Pattern[str]
    replacement: str

    def apply(self, url: str) -> str | None:
        """The rewritten URL, or None when the pattern does not match."""
        result, count = self.pattern.subn(self.replacement, url, count=1)
        return result if count else None


@dataclass(frozen=True, slots=True)
class StatusRule:
    """Status codes ``low``-``high`` (inclusive) get ``action``."""

    low: int
    high: int
    action: Action


def parse_remap(spec: str) -> Remap:
    """'REGEX REPLACEMENT' (whitespace between them; the regex holds none)."""
    parts = spec.split(None, 1)
    if len(parts) != 2:
        raise PolicyError(f"remap must be 'REGEX REPLACEMENT': {spec!r}")
    pattern, replacement = parts[0], parts[1].strip()
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise PolicyError(f"remap: bad regular expression {pattern!r}: {exc}") from None
    # re checks a replacement's group references only on a match: check them now.
    for name, number in _GROUP_REF.findall(replacement):
        ref = name or number
        known = int(ref) <= compiled.groups if ref.isdigit() else ref in compiled.groupindex
        if not known:
            raise PolicyError(f"remap: {replacement!r} names group {ref}, not in {pattern!r}")
    return Remap(compiled, replacement)


_GROUP_REF = re.compile(r"\\g<([^>]*)>|\\(\d+)")


def parse_status_policy(specs: tuple[str, ...]) -> tuple[StatusRule, ...]:
    """'403:warn,500-599:error,999:ignore' specs (one or many) as rules, in order."""
    rules = []
    for spec in specs:
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            codes, sep, action = part.rpartition(":")
            low, _, high = codes.partition("-")
            try:
                pair = (int(low), int(high or low))
            except ValueError:
                raise PolicyError(f"status: not CODES:ACTION: {part!r}") from None
            if not sep or action not in _ACTIONS:
                raise PolicyError(f"status: action must be ignore, warn or error: {part!r}")
            if not 100 <= pair[0] <= pair[1] <= 999:
                raise PolicyError(f"status: bad status range {codes!r}")
            chosen = next(a for a in _ACTIONS if a == action)
            rules.append(StatusRule(pair[0], pair[1], chosen))
    return tuple(rules)


def status_action(rules: tuple[StatusRule, ...], status: int) -> Action | None:
    """The first rule's action for ``status``, or None when no rule names it."""
    for rule in rules:
        if rule.low <= status <= rule.high:
            return rule.action
    return None
