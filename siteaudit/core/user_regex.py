"""Regular expressions written by users (include/exclude, suppression patterns) run on RE2.

Python's ``re`` backtracks: a pattern such as ``^(([a-z0-9:/.-])+)+$`` takes exponential time
on a long URL that almost matches, so one config line or one service request could stall a
crawl or the service. RE2 matches in time linear in the input, and refuses what it cannot do
that way (backreferences, lookahead and lookbehind). Patterns are also bounded in length and
in compiled size, so a huge pattern cannot take the memory or time a long input would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, cast

import re2

# Long enough for any real URL filter (a few hundred characters), short enough to read.
MAX_PATTERN_CHARS = 1_000
# RE2's compiled program size (instructions): ^(([a-z0-9:/.-])+)+$ is about 10; an
# alternation of 50 long paths a few thousand. Far past that is a pattern made to be large.
MAX_PROGRAM_SIZE = 20_000
# Memory RE2 may use to compile and run one pattern (its default is 8 MiB).
_MAX_MEM = 8 << 20


class UserRegexError(ValueError):
    """A pattern RE2 refuses or that is over a limit; the message says why."""


class UserMatch(Protocol):
    """What callers use of a match."""

    def group(self, index: int = 0) -> str: ...

    def span(self, index: int = 0) -> tuple[int, int]: ...


class UserRegex(Protocol):
    """A compiled user pattern: the ``re.Pattern`` methods callers use."""

    pattern: str

    def search(self, text: str) -> UserMatch | None: ...

    def finditer(self, text: str) -> Iterator[UserMatch]: ...

    def fullmatch(self, text: str) -> UserMatch | None: ...


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern to stderr
    options.max_mem = _MAX_MEM
    return options


def compile_user_regex(pattern: str) -> UserRegex:
    """Compile a user's pattern on RE2, or raise UserRegexError saying what is wrong."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise UserRegexError(
            f"pattern of {len(pattern)} characters is over the limit of {MAX_PATTERN_CHARS}"
        )
    try:
        compiled = re2.compile(pattern, _options())
    except re2.error as exc:
        raise UserRegexError(_reason(exc)) from None
    except RecursionError:  # defensive: RE2 parses iteratively, but never let it escape
        raise UserRegexError("pattern nested too deeply") from None
    size = int(compiled.programsize)
    if size > MAX_PROGRAM_SIZE:
        raise UserRegexError(
            f"pattern compiles to {size} instructions, over the limit of {MAX_PROGRAM_SIZE}"
        )
    return cast(UserRegex, compiled)


def check_user_regex(pattern: str) -> None:
    """Raise UserRegexError when ``pattern`` would be refused (validation without keeping it)."""
    compile_user_regex(pattern)


def _reason(exc: Exception) -> str:
    """RE2's message as text, with a hint for the Python-only constructs users try most."""
    raw = exc.args[0] if exc.args else exc
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if "invalid perl operator: (?<" in text or "invalid perl operator: (?=" in text:
        return f"{text} (lookahead and lookbehind are not supported)"
    if "invalid perl operator: (?!" in text:
        return f"{text} (lookahead and lookbehind are not supported)"
    if "invalid escape sequence: \\" in text and text[-1:].isdigit():
        return f"{text} (backreferences are not supported)"
    if "pattern too large" in text:
        return "pattern too large (compiles to more than RE2's memory limit)"
    return text
