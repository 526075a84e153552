"""Glossary files: preferred terms, their variants, exceptions, case rules and self-tests.

A glossary is TOML or YAML with a list of entries under ``term``::

    [[term]]
    preferred = "Kapai"
    variants = ["Ka Pai", "Ka-Pai", "re:K[ae]r?[iy]?pai"]   # "re:" marks a regular expression
    exceptions = ["Cape Town"]        # contexts where a look-alike is fine
    case = "exact"                    # exact | ignore | sensitive
    tests = [["Book a Ka-Pai truck", "Book a Kapai truck"], ["Cape Town", "Cape Town"]]

``case``: *exact* flags every spelling that differs from ``preferred`` (KAPAI too); *ignore*
accepts any capitalisation of ``preferred``; *sensitive* matches variants only as written.
Every test (from -> to) is run when the glossary loads; a bad entry is a GlossaryError naming it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from siteaudit.core.user_regex import UserRegex, UserRegexError, compile_user_regex

_CASES = ("exact", "ignore", "sensitive")
_KEYS = {"preferred", "variants", "exceptions", "case", "tests"}
_BEFORE = r"(?<![\w-])"
_AFTER = r"(?![\w-])"
_REGEX_PREFIX = "re:"


class GlossaryError(ValueError):
    """The glossary file cannot be read or one of its entries is wrong."""


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One spelling of a glossary term found in a text."""

    start: int
    end: int
    text: str
    preferred: str
    is_variant: bool


@dataclass(frozen=True, slots=True)
class Spellings:
    """Spellings found as whole words (no letter, digit, ``_`` or ``-`` on either side).

    Plain spellings are escaped into one ``re`` alternation: literals cannot backtrack. The
    ``re:`` spellings are the user's regexes and run on RE2 (linear time, see
    core.user_regex); RE2 has no lookaround, so their word boundaries are checked here.
    """

    literal: re.Pattern[str] | None
    regex: UserRegex | None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping matches, leftmost first, the longer one where two start together."""
        found = [m.span() for m in self.literal.finditer(text)] if self.literal else []
        if self.regex is None:
            return found
        found.extend(_whole_word_spans(self.regex, text))
        found.sort(key=lambda span: (span[0], span[0] - span[1]))
        kept: list[tuple[int, int]] = []
        for start, end in found:
            if not kept or start >= kept[-1][1]:
                kept.append((start, end))
        return kept


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_-"  # what \w and - match in _BEFORE and _AFTER


# RE2's form of _BEFORE: consumes the character before the spelling (matches follow one
# another, so the one before is never part of the previous match). _AFTER is checked below.
_RE2_BEFORE = r"(?:^|[^\pL\pN_-])"


def _whole_word_spans(regex: UserRegex, text: str) -> Iterator[tuple[int, int]]:
    """The spans of group 1 (the spelling) not followed by a word character. Unlike the
    lookahead, a failed candidate is not retried shorter: ``re:Ka( Pai)?`` finds nothing in
    "Ka Paix" where ``re`` would find "Ka"."""
    for match in regex.finditer(text):
        start, end = match.span(1)
        if end > start and (end == len(text) or not _is_word_char(text[end])):
            yield start, end


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """One entry: the preferred form and how to recognise its variants."""

    preferred: str
    variants: tuple[str, ...]
    exceptions: tuple[str, ...]
    case: str
    tests: tuple[tuple[str, str], ...]
    spellings: Spellings
    exceptions_found: Spellings | None
    anchors: frozenset[str]  # casefolded first words; empty when a regex could start anywhere

    def find(self, text: str) -> Iterator[TermMatch]:
        """Every spelling of the term in ``text``, variants and the preferred form alike."""
        excepted = self.exceptions_found.spans(text) if self.exceptions_found else []
        for start, end in self.spellings.spans(text):
            if any(s <= start and end <= e for s, e in excepted):
                continue
            found = text[start:end]
            yield TermMatch(start, end, found, self.preferred, self._is_variant(found))

    def _is_variant(self, found: str) -> bool:
        if found == self.preferred:
            return False
        return self.case == "exact" or found.casefold() != self.preferred.casefold()


@dataclass(frozen=True, slots=True)
class Glossary:
    """The loaded glossary: entries in file order."""

    terms: tuple[GlossaryTerm, ...]
    source: str = "<glossary>"

    def find(self, text: str, folded_words: set[str] | None = None) -> list[TermMatch]:
        """Non-overlapping matches of every term, leftmost first, longest on a tie.

        ``folded_words`` (the casefolded words of ``text``) lets terms whose first word is
        absent be skipped without running their pattern.
        """
        found: list[TermMatch] = []
        for term in self.terms:
            if folded_words is not None and term.anchors and not term.anchors & folded_words:
                continue
            found.extend(term.find(text))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[TermMatch] = []
        for match in found:
            if not kept or match.start >= kept[-1].end:
                kept.append(match)
        return kept

    def apply(self, text: str) -> str:
        """``text`` with every variant replaced by its preferred form."""
        out, last = [], 0
        for m in self.find(text):
            if m.is_variant:
                out.append(text[last : m.start])
                out.append(m.preferred)
                last = m.end
        out.append(text[last:])
        return "".join(out)

    def preferred_for(self, form: str) -> str | None:
        """The preferred form a spelling belongs to, if the glossary knows it."""
        for match in self.find(form):
            if match.start == 0 and match.end == len(form):
                return match.preferred
        return None


def load_glossary(path: Path | str) -> Glossary:
    """Read, validate and self-test a TOML or YAML glossary file."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GlossaryError(f"cannot read glossary {path}: {exc.strerror or exc}") from exc
    try:
        if path.suffix.lower() in {".yaml", ".yml"}:
            data = yaml.safe_load(raw) or {}
        else:
            data = tomllib.loads(raw)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise GlossaryError(
            f"{path}: not valid {path.suffix.lstrip('.') or 'TOML'}: {exc}"
        ) from exc
    return parse_glossary(data, str(path))


def parse_glossary(data: object, source: str = "<glossary>") -> Glossary:
    """Build a glossary from parsed TOML/YAML data; errors name the offending entry."""
    if not isinstance(data, dict):
        raise GlossaryError(f"{source}: expected a table with a 'term' list")
    entries = data.get("term", data.get("terms"))
    unknown = set(data) - {"term", "terms"}
    if unknown:
        raise GlossaryError(f"{source}: unknown key {sorted(unknown)[0]!r} (expected 'term')")
    if not isinstance(entries, list):
        raise GlossaryError(f"{source}: 'term' must be a list of entries")
    terms: list[GlossaryTerm] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries, 1):
        term = _parse_entry(entry, f"{source}: entry {index}")
        for spelling in (term.preferred, *term.variants):
            key = spelling.casefold()
            if key in seen and seen[key] != term.preferred:
                raise GlossaryError(
                    f'{source}: entry "{term.preferred}": "{spelling}" is also listed under '
                    f'"{seen[key]}"'
                )
            seen[key] = term.preferred
        terms.append(term)
    glossary = Glossary(tuple(terms), source)
    for term in terms:
        for before, expected in term.tests:
            got = glossary.apply(before)
            if got != expected:
                raise GlossaryError(
                    f'{source}: entry "{term.preferred}": self-test failed: "{before}" '
                    f'became "{got}", expected "{expected}"'
                )
    return glossary


def _parse_entry(entry: object, where: str) -> GlossaryTerm:
    if not isinstance(entry, dict):
        raise GlossaryError(f"{where}: expected a table with 'preferred' and 'variants'")
    preferred = entry.get("preferred")
    if not isinstance(preferred, str) or not preferred.strip():
        raise GlossaryError(f"{where}: 'preferred' must be a non-empty string")
    where = f'{where.split(": entry")[0]}: entry "{preferred}"'
    unknown = set(entry) - _KEYS
    if unknown:
        raise GlossaryError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    variants = _strings(entry.get("variants", []), "variants", where)
    exceptions = _strings(entry.get("exceptions", []), "exceptions", where)
    case = entry.get("case", "exact")
    if case not in _CASES:
        raise GlossaryError(f"{where}: case must be one of {', '.join(_CASES)}, not {case!r}")
    tests = _tests(entry.get("tests", []), where)
    ignore_case = case != "sensitive"
    spellings = list(variants)
    if ignore_case:
        spellings.append(preferred)
    found = _spellings(spellings, ignore_case, where)
    assert found is not None  # a glossary entry always has its preferred form or variants
    exceptions_found = _spellings(exceptions, ignore_case, where) if exceptions else None
    anchors: set[str] = set()
    for spelling in (preferred, *variants):
        if spelling.startswith("re:"):
            anchors = set()
            break
        anchors.add(re.split(r"[\s-]+", spelling.strip())[0].casefold())
    return GlossaryTerm(
        preferred,
        tuple(variants),
        tuple(exceptions),
        case,
        tests,
        found,
        exceptions_found,
        frozenset(anchors),
    )


def _strings(value: object, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GlossaryError(f"{where}: '{key}' must be a list of non-empty strings")
    return [v.strip() for v in value]


def _tests(value: object, where: str) -> tuple[tuple[str, str], ...]:
    tests: list[tuple[str, str]] = []
    if not isinstance(value, list):
        raise GlossaryError(f"{where}: 'tests' must be a list of [from, to] pairs")
    for test in value:
        if isinstance(test, dict) and set(test) == {"from", "to"}:
            test = [test["from"], test["to"]]
        if not (
            isinstance(test, list) and len(test) == 2 and all(isinstance(t, str) for t in test)
        ):
            raise GlossaryError(f"{where}: each test must be [from, to] or {{from, to}}")
        tests.append((test[0], test[1]))
    return tuple(tests)


def _spellings(spellings: list[str], ignore_case: bool, where: str) -> Spellings | None:
    """The matcher of some spellings: plain ones on ``re``, ``re:`` ones on RE2."""
    plain = [s for s in spellings if not s.startswith(_REGEX_PREFIX)]
    regexes = [s[len(_REGEX_PREFIX) :] for s in spellings if s.startswith(_REGEX_PREFIX)]
    if not plain and not regexes:
        return None
    literal = None
    if plain:
        # Longest first: at one position the longer spelling wins ("Ka Pai truck" over "Ka Pai").
        joined = "|".join(re.escape(s) for s in sorted(plain, key=len, reverse=True))
        flags = re.IGNORECASE if ignore_case else 0
        literal = re.compile(f"{_BEFORE}(?:{joined}){_AFTER}", flags)
    regex = None
    if regexes:
        for source in regexes:
            _check_regex(source, where)
        joined = "|".join(f"(?:{source})" for source in regexes)
        flag = "(?i)" if ignore_case else ""
        regex = _check_regex(f"{flag}{_RE2_BEFORE}({joined})", where)
    return Spellings(literal, regex)


def _check_regex(source: str, where: str) -> UserRegex:
    try:
        return compile_user_regex(source)
    except UserRegexError as exc:
        shown = source if len(source) <= 100 else source[:80] + "..."
        raise GlossaryError(f"{where}: bad regular expression {shown!r}: {exc}") from None


def glossary_toml(entries: list[tuple[str, list[str]]]) -> str:
    """A starter glossary (TOML) for (preferred, variants) pairs, with one self-test each."""
    lines = [
        "# Glossary written by `siteaudit terms`: review each entry, then pass it with",
        "# --glossary. Variants may be regular expressions prefixed with 're:'.",
        "",
    ]
    for preferred, variants in entries:
        lines += [
            "[[term]]",
            f"preferred = {_toml_string(preferred)}",
            f"variants = [{', '.join(_toml_string(v) for v in variants)}]",
            'case = "exact"',
        ]
        if variants:
            lines.append(f"tests = [[{_toml_string(variants[0])}, {_toml_string(preferred)}]]")
        lines.append("")
    return "\n".join(lines)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
