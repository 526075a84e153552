"""Discover clusters of spellings of one term across a site, without a glossary.

Spellings are grouped in two steps:

1. *Folding*: case, spaces, hyphens and accents removed, so Ka Pai = Ka-Pai = Kapai = KAPAI.
2. *Respellings*: a rare folded form within one or two edits of a much more frequent one
   (KerPai, Kaipai -> Kapai) joins its cluster.

Guards against false merges: ordinary dictionary words (wordfreq) never take part (Cape,
Haiku, UPS); respellings need the same first letter, a close edit distance, a frequency at
most a third of the head's and must differ in more than an ending (pallets, palletise); and two
forms the site lists side by side ("HaiKa, Hai Pai, and Ka Pai") are distinct terms.

Prose, not code: spellings inside code (marked by the crawler: inline code, literals,
commands, <pre>) and in technical tokens (URLs, host names, paths, e-mail addresses, dotted
and called identifiers, $VARIABLES) are not counted as uses; the forms seen in code are kept
so that a case-only pair whose all-lower or all-caps form is an identifier or keyword of the
site (``TRUNCATE`` / "truncate", ``pid`` / "PID") is not reported. A term needs two spellings
used in running text (not only in titles and headings), and its preferred form must be one
used in running text. Two different words are never merged by edit distance: a respelling
must be unknown to the word lists of the common languages (KerPai, Kaipai, cksmvfs), and
a compound of known words (platform-independent) is not one.

Identifiers and styling: a PascalCase form that joins the words of a phrase the site also
writes apart (``LogRecord`` / "Log Record", the wiki page ``DebianKernel``) is an identifier
naming the phrase's thing unless it dominates the phrase (HaiKa); and a form in capitals is
never preferred over the same letters written in mixed case again and again (TCL / Tcl).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

# Words at or above this Zipf frequency (about once per 10^6 words) are ordinary vocabulary.
ORDINARY_ZIPF = 3.0
# Both halves of a two-word form this common ("Which Service") make it a phrase, not a name.
_COMMON_PART_ZIPF = 4.5
_RESPELLING_RATIO = 3  # the head must be at least this many times more frequent
_MIN_FOLD_LEN = 3
_MIN_RESPELL_LEN = 5
# A word at or above this Zipf frequency is a known word (about once per 10^8 words): two
# known words that look alike are two words, not a respelling.
_KNOWN_ZIPF = 1.0
# Characters that make a word part of a technical token when they touch it: a URL, host
# name, path, e-mail address, dotted or called identifier, shell variable or option.
_TECH_BEFORE = frozenset("./\\@$~:=#%<{[")
_TECH_AFTER = frozenset("./\\@:=(<[{")

TOKEN = re.compile(r"(?<![\w-])[^\W\d_]+(?:[-‐‑][^\W\d_]+)*(?![\w-])")
_NON_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")
# Two capitalised words in a row: the only texts where a two-word spelling can start.
_CAPITALISED_PAIR = re.compile(r"(?<![\w-])[^\W\d_a-z][^\W\d_]* [^\W\d_a-z][^\W\d_]*(?![\w-])")
_WORD_START = re.compile(r"(?<![^\W\d_])[^\W\d_]")
_SEPARATOR = re.compile(r"\s*(?:,|;|/|&|\+|and|or|vs\.?|versus|,\s*and|,\s*or)?\s*", re.I)


def fold(form: str) -> str:
    """Case, space, hyphen and accent-insensitive key of a spelling."""
    if form.isascii():
        return _NON_ALNUM_ASCII.sub("", form.lower())
    decomposed = unicodedata.normalize("NFKD", form.casefold())
    return "".join(c for c in decomposed if c.isalnum())


@lru_cache(maxsize=200_000)
def is_ordinary_word(folded: str) -> bool:
    """True for everyday vocabulary that must never be merged as a term variant."""
    return zipf_frequency(folded, "en") >= ORDINARY_ZIPF


def language(lang: str | None) -> str:
    """The primary language subtag of an ``<html lang>`` value ("pt-BR" -> "pt"), or ""."""
    return (lang or "").split("-", 1)[0].split("_", 1)[0].strip().lower()


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency, 0 where the language needs a tokenizer we do not ship."""
    try:
        return zipf_frequency(word, lang)
    except (ImportError, LookupError, ValueError):
        return 0.0  # Japanese, Chinese, Korean need MeCab/jieba; unknown codes


@lru_cache(maxsize=200_000)
def is_known_word(folded: str, lang: str = "") -> bool:
    """True when the word lists of English and the page's language know the word, however
    rare. (Each language's list costs ~0.2 s to load: only the ones a site uses are read.)"""
    languages = ("en", lang) if lang and lang != "en" else ("en",)
    return any(zipf(folded, code) >= _KNOWN_ZIPF for code in languages)


def is_latin(word: str) -> bool:
    """Letters of the Latin script only (the script respellings of names are measured in)."""
    return all(c < "\u0250" for c in word if c.isalpha())


@lru_cache(maxsize=200_000)
def _common(word: str) -> bool:
    return zipf_frequency(word, "en") >= _COMMON_PART_ZIPF


@dataclass(slots=True)
class Span:
    """A candidate spelling found in a text."""

    start: int
    end: int
    form: str


@lru_cache(maxsize=500_000)
def is_candidate_word(word: str) -> bool:
    """A word long and rare enough to be a name or a term (not everyday vocabulary)."""
    folded = fold(word)
    return len(folded) >= _MIN_FOLD_LEN and not is_ordinary_word(folded)


@lru_cache(maxsize=500_000)
def is_candidate_pair(first: str, second: str) -> bool:
    """Two capitalised words that may be a two-word name ("Ka Pai"), not a Title Case phrase."""
    if "-" in first or "-" in second or not (first[0].isupper() and second[0].isupper()):
        return False
    if len(second) == 1 and first[1:].islower():
        return False  # "Schema S", "Table T" name a variable; "OS X" is a name
    if _common(first.casefold()) and _common(second.casefold()):
        return False  # "Which Service": a phrase in Title Case, not a name
    return not is_ordinary_word(fold(first + second))


def candidate_spans(text: str) -> list[Span]:
    """Single words (hyphenated ones too) and capitalised word pairs that may be terms."""
    # Most texts hold no candidate at all: decide that at C speed before walking the words.
    if not any(map(is_candidate_word, TOKEN.findall(text))) and not _CAPITALISED_PAIR.search(text):
        return []
    spans: list[Span] = []
    previous: re.Match[str] | None = None
    for m in TOKEN.finditer(text):
        word = m.group(0)
        if is_candidate_word(word):
            spans.append(Span(m.start(), m.end(), word))
        if previous is not None and text[previous.end() : m.start()] == " ":
            first = previous.group(0)
            if is_candidate_pair(first, word):
                spans.append(Span(previous.start(), m.end(), f"{first} {word}"))
        previous = m
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def located_spans(text: str, words: Iterable[str], pairs: Iterable[tuple[str, str]]) -> list[Span]:
    """``candidate_spans(text)`` when its candidate words and pairs are already known.

    Each known spelling is found with ``str.find`` and confirmed with the token pattern at
    that position, instead of walking every word of the text in Python.
    """
    if "\u2010" in text or "\u2011" in text:
        return candidate_spans(text)  # a word joined by U+2010/2011 may hide a position
    spans: list[Span] = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            m = TOKEN.match(text, start)
            if m is not None and m.end() == start + len(word):
                spans.append(Span(start, m.end(), word))
            start = text.find(word, start + 1)
    for first, second in pairs:
        pair = f"{first} {second}"
        start = text.find(pair)
        while start >= 0:
            m = TOKEN.match(text, start)
            if m is not None and m.end() == start + len(first):
                m = TOKEN.match(text, m.end() + 1)
                if m is not None and m.end() == start + len(pair):
                    spans.append(Span(start, m.end(), pair))
            start = text.find(pair, start + 1)
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def in_technical_token(text: str, start: int, end: int) -> bool:
    """True when the word ``text[start:end]`` is part of a URL, path, identifier..."""
    if start and text[start - 1] in _TECH_BEFORE:
        before = text[start - 2] if start > 1 else " "
        # "(Kapai" or "the 'Kapai'" stay prose; ".py", "/usr", "@host", "$UID" do not
        if not (text[start - 1] in "<{[" and before.isspace()):
            return True
    if end < len(text) and text[end] in _TECH_AFTER:
        after = text[end + 1] if end + 1 < len(text) else " "
        if text[end] == "(":
            return True  # called: is_valid(), read(
        if text[end] == ":" and text[start:end].isupper() and _opens_clause(text, start):
            return True  # a label opening a clause: "TODO: ...", "error: NOTE: ..."
        return after.isalnum() or after in "/\\_"
    return False


def _opens_clause(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    return not before or before[-1] in ".:;!?"


def prose_spans(
    text: str, spans: list[Span], code: Iterable[Sequence[int]] | None
) -> tuple[list[Span], list[Span]]:
    """``spans`` split into (prose uses, uses inside code ranges); technical tokens dropped."""
    ranges = [(int(r[0]), int(r[1])) for r in code] if code else []
    prose: list[Span] = []
    in_code: list[Span] = []
    for span in spans:
        if any(span.start < e and s < span.end for s, e in ranges):
            in_code.append(span)
        elif not in_technical_token(text, span.start, span.end):
            prose.append(span)
    return prose, in_code


_TITLE_CASE_WORDS = re.compile(r"[^\W\d_a-z][^\W\d_A-Z]*(?:[ \-\u2010\u2011][^\W\d_]+)+")
# A capitalised word just before, itself not the first word of a sentence.
_CAPITAL_BEFORE = re.compile(r"[^\s.!?:\u2026]\s+[^\W\d_a-z][^\W\d_]*\s$")
_CAPITAL_AFTER = re.compile(r"\s[^\W\d_a-z]")


def in_capitalised_name(text: str, span: Span) -> bool:
    """True when a capitalised compound ("Style Sheets", "Byte Order", "Check-in") in running
    text runs on into more capitalised words ("Cascading Style Sheets", "Byte Order Mark",
    "Ready For Check-in"): part of a longer name or a quoted title, whose capitals and
    hyphens are the name's own, not the writer's spelling of the compound."""
    form = span.form
    if not _TITLE_CASE_WORDS.fullmatch(form) or any(w[1:] != w[1:].lower() for w in form.split()):
        return False
    before = text[max(0, span.start - 60) : span.start]
    return bool(_CAPITAL_BEFORE.search(before) or _CAPITAL_AFTER.match(text, span.end))


# A word of four or more capitals: set in capitals, not an acronym's few letters.
_SHOUTED_WORD = re.compile(r"[^\W\d_a-z]{4,}")


def in_capitals_run(text: str, span: Span) -> bool:
    """True when a word in capitals stands beside another such word ("see REBASING MERGES",
    "the ACTIVE SUBMODULES section"): a heading quoted in its capitals, or a line set in
    capitals, not a spelling chosen for the one word."""
    if not _SHOUTED_WORD.fullmatch(span.form):
        return False
    before = text[max(0, span.start - 30) : span.start]
    after = text[span.end : span.end + 30]
    prev = before[:-1].rsplit(" ", 1)[-1] if before.endswith(" ") else ""
    nxt = after[1:].split(" ", 1)[0] if after.startswith(" ") else ""
    return any(_SHOUTED_WORD.fullmatch(w.strip(".,;:!?\"'()")) for w in (prev, nxt) if w)


@dataclass(slots=True)
class TermCounts:
    """Site-wide counts of candidate spellings, built page by page in one pass."""

    ids: dict[str, int] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)
    counts: array[int] = field(default_factory=lambda: array("q"))
    headline: array[int] = field(default_factory=lambda: array("q"))  # uses in titles/H1s
    prose: array[int] = field(default_factory=lambda: array("q"))  # uses in running text
    shouted: array[int] = field(default_factory=lambda: array("q"))  # uses in all-caps texts
    listed_apart: set[tuple[str, str]] = field(default_factory=set)  # folded pairs, sorted
    code_forms: set[str] = field(default_factory=set)  # spellings seen inside code
    # form id -> {language of the pages using it: uses}; "" when a page declares none
    languages: dict[int, dict[str, int]] = field(default_factory=dict)

    def merge(self, other: TermCounts) -> list[int]:
        """Add the counts of another range of pages; returns the id here of each of its forms."""
        remap: list[int] = []
        rows = zip(
            other.forms, other.counts, other.headline, other.prose, other.shouted, strict=True
        )
        for form, count, headline, prose, shouted in rows:
            form_id = self._id(form)
            self.counts[form_id] += count
            self.headline[form_id] += headline
            self.prose[form_id] += prose
            self.shouted[form_id] += shouted
            remap.append(form_id)
        self.listed_apart |= other.listed_apart
        self.code_forms |= other.code_forms
        for other_id, used in other.languages.items():
            mine = self.languages.setdefault(remap[other_id], {})
            for code, n in used.items():
                mine[code] = mine.get(code, 0) + n
        return remap

    def language_of(self, form_id: int) -> str:
        """The language the form is used in most ("" when pages declare none)."""
        used = self.languages.get(form_id)
        return max(used, key=lambda code: (used[code], code)) if used else ""

    def _id(self, form: str) -> int:
        form_id = self.ids.get(form)
        if form_id is None:
            form_id = len(self.forms)
            self.ids[form] = form_id
            self.forms.append(form)
            self.counts.append(0)
            self.headline.append(0)
            self.prose.append(0)
            self.shouted.append(0)
        return form_id

    def add_text(
        self,
        text: str,
        *,
        headline: bool = False,
        prose: bool = True,
        code: Iterable[Sequence[int]] | None = None,
        lang: str = "",
    ) -> set[int]:
        """Count the candidate spellings of one text; returns their ids."""
        return self.add_spans(
            text, candidate_spans(text), headline=headline, prose=prose, code=code, lang=lang
        )

    def add_spans(
        self,
        text: str,
        spans: list[Span],
        *,
        headline: bool = False,
        prose: bool = True,
        code: Iterable[Sequence[int]] | None = None,
        lang: str = "",
    ) -> set[int]:
        """Count the candidate spellings ``spans`` found in ``text``; returns their ids.

        ``prose``: the text is running text (not a title or heading); ``code``: the (start,
        end) ranges of code in it, whose spellings are only noted as code; ``lang``: the
        page's language (see ``language``).
        """
        spans, in_code = prose_spans(text, spans, code)
        self.code_forms.update(span.form for span in in_code)
        if prose:
            spans = [s for s in spans if not in_capitalised_name(text, s)]
        spans = _without_spelling_mentions(text, spans, lang)
        seen: set[int] = set()
        heading_in_capitals = not prose and text.isupper()
        for span in spans:
            form_id = self._id(span.form)
            self.counts[form_id] += 1
            if heading_in_capitals or in_capitals_run(text, span):
                self.shouted[form_id] += 1
            if headline:
                self.headline[form_id] += 1
            if prose:
                self.prose[form_id] += 1
            used = self.languages.setdefault(form_id, {})
            used[lang] = used.get(lang, 0) + 1
            seen.add(form_id)
        self._note_lists(text, spans)
        return seen

    def _note_lists(self, text: str, spans: list[Span]) -> None:
        # Two spellings separated only by a comma, "and", "or", "/"... name different things.
        for a, b in pairwise(spans):
            if b.start < a.end:
                continue
            if _SEPARATOR.fullmatch(text[a.end : b.start]):
                fa, fb = fold(a.form), fold(b.form)
                if fa != fb:
                    self.listed_apart.add((min(fa, fb), max(fa, fb)))


# What stands between two spellings that a sentence sets against each other: "PostScript,
# not Postscript", "Kapai (also written Ka Pai)", "colour or color".
_CONTRAST = re.compile(
    r"\s*[,;:(\u2013\u2014-]?\s*(?:not|never|or|nor|rather than|instead of|versus|vs\.?|aka|"
    r"a\.k\.a\.|also (?:written|spelled|spelt|called|known as))\s*[(\"'\u201c\u2018]?\s*",
    re.IGNORECASE,
)


def contrasted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, the gap between two spellings of one term, sets them
    against each other: the sentence is about the spelling, not a use of either."""
    return _CONTRAST.fullmatch(text, start, end) is not None


def _without_spelling_mentions(text: str, spans: list[Span], lang: str) -> list[Span]:
    """``spans`` less two spellings of one term set against each other ("Use PostScript,
    not Postscript", "Kapai (also written Ka Pai)"): talk about the spelling, not uses."""
    if len(spans) < 2:
        return spans
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, span in enumerate(spans):
        by_key[_group_key(span.form, lang)].append(i)
    drop: set[int] = set()
    for indexes in by_key.values():
        for i, j in pairwise(indexes):
            a, b = spans[i], spans[j]
            if a.form != b.form and contrasted(text, a.end, b.start):
                drop.update((i, j))
    return [s for i, s in enumerate(spans) if i not in drop] if drop else spans


@dataclass(frozen=True, slots=True)
class TermCluster:
    """Spellings of one term: the preferred form and every variant with its count."""

    preferred: str
    forms: dict[str, int]  # every spelling, preferred included -> occurrences
    respellings: frozenset[str]  # variants merged by edit distance, not by folding
    from_glossary: bool = False

    @property
    def variants(self) -> list[str]:
        """Spellings other than the preferred one, most frequent first."""
        return sorted(
            (f for f in self.forms if not same_spelling(f, self.preferred)),
            key=lambda f: (-self.forms[f], f),
        )


def same_spelling(form: str, preferred: str) -> bool:
    """Equal once each word is capitalised: Title Case and sentence starts are not variants.

    "Long-Term" = "long-term" and "Lading" = "lading", but "KAPAI" != "Kapai" and
    "Haika" != "HaiKa".
    """
    return form == preferred or _capitalised(form) == _capitalised(preferred)


def _capitalised(form: str) -> str:
    # Turkish dotted/dotless i (İ/i, I/ı) do not map onto each other by str.upper(): compare
    # word starts without case or dots.
    return _WORD_START.sub(lambda m: _caseless(m.group(0)), form)


def _caseless(text: str) -> str:
    """Case and the dot of Turkish İ removed: İ, I, i and ı compare equal."""
    return unicodedata.normalize("NFKD", text.casefold()).replace("\u0307", "").replace("ı", "i")


def discover_clusters(
    counts: TermCounts, title_weight: float = 3.0, preferred_by_fold: dict[str, str] | None = None
) -> list[TermCluster]:
    """Clusters of two or more spellings, the preferred form chosen by weighted frequency.

    ``preferred_by_fold`` (folded spelling -> preferred form, from a glossary) overrides the
    frequency choice.
    """
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    lang_of: dict[str, str] = {}
    for form, form_id in counts.ids.items():
        if _identifier_in_prose(form, counts.code_forms):
            continue
        lang = counts.language_of(form_id)
        if lang in ("", "en") and _lower_camel_case(form):
            continue
        if lang not in ("", "en") and zipf(form.casefold(), lang) >= ORDINARY_ZIPF:
            continue  # an everyday word of the page's own language (génère, istek)
        key = _group_key(form, lang)
        groups[key][form] = form_id
        lang_of[key] = lang
    totals = {key: sum(counts.counts[i] for i in ids.values()) for key, ids in groups.items()}
    attached = _attach_respellings(groups, totals, counts.listed_apart, lang_of)
    members: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        members[attached.get(key, key)].append(key)
    clusters: list[TermCluster] = []
    preferred_by_fold = preferred_by_fold or {}
    for head, keys in members.items():
        ids = {form: i for key in keys for form, i in groups[key].items()}
        dropped = _keyword_case_pairs(ids) | _identifiers_beside_phrase(ids, counts)
        dropped |= _acronym_plurals(ids, counts) | _shouted_only(ids, counts)
        for form in dropped:
            del ids[form]
        forms = {form: counts.counts[i] for form, i in ids.items()}
        if len(forms) < 2 or sum(forms.values()) < 2:
            continue
        glossary_choice = next(
            (
                preferred_by_fold[_letters(k)]
                for k in [head, *keys]
                if _letters(k) in preferred_by_fold
            ),
            None,
        )
        in_prose = [f for f in forms if counts.prose[ids[f]]]
        if glossary_choice is None and not _two_spellings(in_prose):
            continue  # one spelling in running text; the others only in titles or headings
        if glossary_choice is None and _open_compound_only(forms):
            continue  # "file-format changes" / "the File Format": grammar, not spelling
        prose_uses = {f: counts.prose[ids[f]] for f in forms}
        preferred = glossary_choice or max(
            forms,
            key=lambda f: (
                counts.prose[ids[f]] > 0,  # never a form seen only in titles and headings
                # "Page Cache" beside "pagecache" is a heading's casing, not the term's
                not (_title_case_phrase(f) and any(g.islower() for g in forms)),
                # "TCL" beside "Tcl": capitals are styling; the mixed case is the name
                not _capitals_of_prose_form(f, prose_uses),
                forms[f] + title_weight * counts.headline[ids[f]],
                fold(f) == _letters(head),
                "-" not in f and " " not in f,
                f,
            ),
        )
        respellings = frozenset(f for f in forms if _group_key(f, "") != _group_key(preferred, ""))
        cluster = TermCluster(preferred, forms, respellings, glossary_choice is not None)
        if cluster.variants:
            clusters.append(cluster)
    clusters.sort(key=lambda c: (-sum(c.forms.values()), c.preferred))
    return clusters


def _keyword_case_pairs(forms: Iterable[str]) -> set[str]:
    """One-word forms whose all-caps and all-lower spellings both occur: a keyword, constant
    or acronym beside a file extension, command or ordinary word (SAVEPOINT / savepoint,
    SVG / svg), not one term spelled two ways."""
    words = [f for f in forms if " " not in f]
    lower = {_caseless(f): f for f in words if f.islower()}
    upper = {_caseless(f): f for f in words if _all_caps(f)}
    found = {upper[k] for k in upper.keys() & lower.keys()}
    found |= {lower[k] for k in upper.keys() & lower.keys()}
    # A closed keyword beside a hyphenated word (SELECTID / "select-id", AUTOVACUUM /
    # "auto-vacuum"): the keyword is code; the hyphenated word may still have variants.
    joined = {_caseless(_OPEN_SEPARATORS.sub("", f)) for f in words if f.islower()}
    return found | {f for k, f in upper.items() if _closed(f) and k in joined}


def _acronym_plurals(ids: Mapping[str, int], counts: TermCounts) -> set[str]:
    """An acronym's plural beside a longer acronym with the same letters that running text
    uses ("OSs" beside "OSS"): the plural of one name and another name, two words."""
    found = set()
    for form in ids:
        other = ids.get(form[:-1] + "S")
        plural = len(form) > 2 and form.endswith("s") and form[:-1].isupper()
        if plural and other is not None and counts.prose[other] > 0:
            found.add(form)
    return found


def _shouted_only(ids: Mapping[str, int], counts: TermCounts) -> set[str]:
    """Forms seen mostly in headings set wholly in capitals (a manual page's SUBMODULES or
    WEB SERVER): capitals there are the styling of the whole line, not a spelling the
    writer chose for the term (a cross-reference quoting such a heading is no choice either)."""
    return {f for f, i in ids.items() if 2 * counts.shouted[i] > counts.counts[i]}


# A lower-case word run into a capitalised one: userAgent, detachedHead, getElementById.
_LOWER_CAMEL = re.compile(r"[^\W\d_A-Z]{2,}[A-Z][^\W\d_A-Z]")


def _lower_camel_case(form: str) -> bool:
    """True for a camelCase identifier (``userAgent``): programs name things that way, prose
    does not. Brand names with a one-letter prefix (iPhone, eBay) and ones ending in an
    acronym (macOS) are not this shape."""
    return " " not in form and form[:1].islower() and _LOWER_CAMEL.match(form) is not None


# Where a word joined in CamelCase starts a new word: "LogRecord", "OSSFuzz", "HaiKa".
_CAMEL_BOUNDARY = re.compile(r"(?<=[^\W\d_])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])")
_OPEN_SEPARATORS = re.compile(r"[\s\-\u2010\u2011]+")


def camel_words(form: str) -> list[str]:
    """The words a CamelCase form joins ("LogRecord" -> ["Log", "Record"]); [form] if none."""
    if not form.isalnum() or form.isupper() or form.islower():
        return [form]
    return _CAMEL_BOUNDARY.split(form)


def _identifiers_beside_phrase(ids: dict[str, int], counts: TermCounts) -> set[str]:
    """PascalCase forms that join the words of a phrase the site also writes apart, and
    that do not dominate it: ``LogRecord`` beside "Log Record", ``EarlyHints`` beside
    "Early Hints", the wiki page ``DebianKernel`` beside "Debian Kernel".

    Joining capitalised words is how code and wikis name things (classes, directives, wiki
    pages, UI labels): such a form beside the phrase is an identifier that names the
    phrase's thing, not a misspelling of it. A name styled that way (HaiKa) is one the site
    writes so much more often than its spaced forms that they are the variants. A joined
    form with an acronym part (BerkeleyDB, SQLServer, WindowsXP) is not an identifier's
    shape: it is a product name run together.
    """
    open_uses: dict[tuple[str, ...], int] = defaultdict(int)
    for form, i in ids.items():
        parts = _OPEN_SEPARATORS.split(form)
        if len(parts) > 1:
            open_uses[tuple(_caseless(p) for p in parts)] += counts.counts[i]
    found: set[str] = set()
    for form, i in ids.items():
        parts = camel_words(form)
        words = tuple(_caseless(w) for w in parts)
        if (
            len(words) > 1
            and words in open_uses
            and all(map(_capitalised_word, parts))
            and counts.counts[i] < _RESPELLING_RATIO * open_uses[words]
        ):
            found.add(form)
    return found


def _capitalised_word(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _capitals_of_prose_form(form: str, prose_uses: Mapping[str, int]) -> bool:
    """True when ``form`` is all capitals and the same letters are also written in mixed
    case, repeatedly, in running text ("TCL" beside "Tcl").

    Capitals are a styling any word can take (acronym styling, emphasis, headings, labels);
    mixed case written again and again is typed on purpose, so it is the name's spelling.
    One mixed-case use beside many in capitals ("Csv" beside "CSV") is a slip.
    """
    if not _all_caps(_OPEN_SEPARATORS.sub("", form)):
        return False
    letters = fold(form)
    return any(
        fold(g) == letters and not _all_caps(_OPEN_SEPARATORS.sub("", g)) and n > 1
        for g, n in prose_uses.items()
    )


def _all_caps(word: str) -> bool:
    """All capitals, or an all-caps word's plural (ROWIDs, PRAGMAs, NULLs)."""
    return word.isupper() or (len(word) > 2 and word.endswith("s") and word[:-1].isupper())


def _title_case_phrase(form: str) -> bool:
    """Two or more Capitalised words (not acronyms: "OS X", "SQL Server" are names)."""
    words = form.split()
    return len(words) > 1 and all(w[:1].isupper() and w[1:].islower() for w in words)


def _open_compound_only(forms: Iterable[str]) -> bool:
    """True when every form is the same words joined by a space or a hyphen.

    English hyphenates a compound before a noun ("a file-format change") and not after it
    ("the file format"), and titles capitalise it: without a closed form ("fileformat") the
    spellings follow grammar, not inconsistency.
    """
    joined = set()
    for form in forms:
        if " " not in form and "-" not in form and "\u2010" not in form:
            return False
        joined.add(re.sub(r"[\s\-\u2010\u2011]+", " ", form).casefold())
    return len(joined) == 1


def _two_spellings(forms: list[str]) -> bool:
    """True when ``forms`` holds two spellings that are not the same word capitalised."""
    return any(not same_spelling(a, forms[0]) for a in forms[1:])


_KEY_SEPARATOR = "\x1f"


def _group_key(form: str, lang: str) -> str:
    """Forms with one key are spellings of one term: same language, same folded letters.

    Accents are folded away (Pokemon = Pokémon) unless the accented form is a word of its
    language: "está" and "esta", "généré" and "génère" are different words.
    """
    folded = fold(form)
    if not form.isascii():
        accented = "".join(c for c in form.casefold() if c.isalnum())
        # In English an accent marks a loan word's spelling (café = cafe); in languages that
        # write accents it changes the word (génère, généré).
        if accented != folded and (lang not in ("", "en") or is_known_word(accented, lang)):
            folded = accented
    elif lang in ("", "en"):
        folded = _BRITISH_ENDING.sub(r"iz\1", folded)  # initialised = initialized
    return f"{lang}{_KEY_SEPARATOR}{folded}"


# British -ise/-isation endings and their American -ize/-ization forms: one word, two
# orthographies (a site should pick one).
# The ending needs a stem: the bare suffixes "ise"/"ize" are words about spelling.
_BRITISH_ENDING = re.compile(r"(?<=[a-z]{2})is(e|es|ed|ing|er|ers|ation|ations)$")


def _identifier_in_prose(form: str, code_forms: set[str]) -> bool:
    """A one-word form that the site also uses as code: an identifier, keyword or command
    written in running text (``TRUNCATE`` / "truncate", ``LogFormat`` / "Log Format"), not
    a spelling of a term."""
    return form in code_forms and " " not in form and "-" not in form


def _attach_respellings(
    groups: dict[str, dict[str, int]],
    totals: dict[str, int],
    listed_apart: set[tuple[str, str]],
    lang_of: dict[str, str],
) -> dict[str, str]:
    """Group key -> the group key of the much more frequent spelling it respells."""
    eligible = [
        key
        for key, forms in groups.items()
        if len(_letters(key)) >= _MIN_RESPELL_LEN and any(" " not in f for f in forms)
    ]
    index: dict[str, list[str]] = defaultdict(list)
    for key in eligible:
        # A head the site only writes as separate words ("table-name", "view-name") is a
        # phrase, and a closed word near its letters is an abbreviation (tabname, VRename).
        if totals[key] >= _RESPELLING_RATIO and any(_closed(f) for f in groups[key]):
            for variant in _key_deletions(key):
                index[variant].append(key)
    attached: dict[str, str] = {}
    for key in sorted(eligible, key=lambda k: (totals[k], k)):
        if not _may_be_respelling(_letters(key), groups[key], lang_of.get(key, "")):
            continue
        best: tuple[int, str] | None = None
        for variant in _key_deletions(key):
            for head in index.get(variant, ()):
                if head == key or head in attached or not _respells(key, head, totals):
                    continue
                a, b = _letters(key), _letters(head)
                if (min(a, b), max(a, b)) in listed_apart:
                    continue
                rank = (-totals[head], head)
                if best is None or rank < (-totals[best[1]], best[1]):
                    best = (totals[head], head)
        if best is not None:
            attached[key] = best[1]
    return attached


def _closed(form: str) -> bool:
    """One word, not joined by a space or hyphen."""
    return _OPEN_SEPARATORS.search(form) is None


def _letters(key: str) -> str:
    """The folded letters of a group key (without its language)."""
    return key.rpartition(_KEY_SEPARATOR)[2]


def _may_be_respelling(letters: str, forms: Iterable[str], lang: str) -> bool:
    """A Latin-script spelling unknown to the word lists, not a compound of known words.

    Edit distance tells a typo from a name only in alphabetic words: one changed syllable
    block of Hangul or one changed ideograph is another word.
    """
    if lang not in ("", "en"):
        return False  # inflected languages make endless unlisted forms of known words
    if not is_latin(letters) or is_known_word(letters, lang) or _derived(letters, lang):
        return False  # assesses/accesses, netcat/netstat, unparsed/unpacked: two words
    if _closed_compound(letters):
        return False  # fullsync beside fullfsync: full + sync, two words run together
    for form in forms:
        if form.isupper():
            return False  # an acronym (SQLAR) is not a typo of a word (scalar)
        humps = camel_words(form)
        if len(humps) > 1 and all(is_ordinary_word(_caseless(h)) for h in humps):
            return False  # IfNotOpen / IfNoHope: names built of everyday words
        parts = [fold(p) for p in re.split(r"[\s\-\u2010\u2011]+", form) if p]
        if len(parts) > 1 and all(is_known_word(p, lang) for p in parts):
            return False  # platform-independent / platform-dependent
    return True


# Each word of a closed compound has at least this many letters: shorter "words" (ker, pai)
# are syllables that any made-up name splits into.
_MIN_COMPOUND_PART = 4


def _closed_compound(letters: str) -> bool:
    """Two everyday English words run together ("fullsync" = full + sync): a name made of
    words, which an edit away is another such name, not a typo of it."""
    return any(
        is_ordinary_word(letters[:i]) and is_ordinary_word(letters[i:])
        for i in range(_MIN_COMPOUND_PART, len(letters) - _MIN_COMPOUND_PART + 1)
    )


# English affixes that make new words from known ones: "unparsed", "reraising", "rebased".
_PREFIXES = (
    "un", "re", "pre", "non", "sub", "de", "dis", "mis", "co", "multi", "auto", "inter",
    "over", "under", "out", "anti", "semi", "micro", "meta",
)  # fmt: skip
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "able", "ness")
_MIN_STEM = 4


def _derived(letters: str, lang: str) -> bool:
    """A known word with an English prefix or inflection added (un+parsed, reraise+ing)."""
    for prefix in _PREFIXES:
        stem = letters[len(prefix) :]
        if (
            letters.startswith(prefix)
            and len(stem) >= _MIN_STEM
            and (is_known_word(stem, lang) or _inflected(stem, lang))
        ):
            return True
    return _inflected(letters, lang)


# Suffixes that start with a vowel: before them English drops a final e (renice+ing =
# renicing) or doubles a final consonant (stop+ing = stopping).
_VOWEL_SUFFIXES = frozenset({"ing", "ed", "er", "ers", "able"})


def _inflected(letters: str, lang: str) -> bool:
    for suffix in _SUFFIXES:
        if not letters.endswith(suffix):
            continue
        stem = letters[: -len(suffix)]
        if len(stem) >= _MIN_STEM and is_known_word(stem, lang):
            return True
        if suffix not in _VOWEL_SUFFIXES:
            continue
        if len(stem) + 1 >= _MIN_STEM and is_known_word(stem + "e", lang):
            return True
        doubled = len(stem) > _MIN_STEM and stem[-1] == stem[-2] and stem[-1] not in "aeiou"
        if doubled and is_known_word(stem[:-1], lang):
            return True
    return False


def _respells(key: str, head: str, totals: dict[str, int]) -> bool:
    if totals[head] < _RESPELLING_RATIO * totals[key]:
        return False
    if key.rpartition(_KEY_SEPARATOR)[0] != head.rpartition(_KEY_SEPARATOR)[0]:
        return False  # another language
    key, head = _letters(key), _letters(head)
    if key[0] != head[0] or _inflected(head, ""):
        return False  # a typo of "kernel" is not a respelling of "kernels"
    longer, shorter = (key, head) if len(key) > len(head) else (head, key)
    if _common_prefix(key, head) >= len(shorter) - 2:
        return False  # only the ending differs: an inflection (pallets, palletise)
    allowed = 1 if len(longer) <= 5 else 2
    return Levenshtein.distance(key, head, score_cutoff=allowed) <= allowed


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _key_deletions(key: str) -> set[str]:
    """``_deletions`` of a group key's letters, within its language."""
    lang, _, letters = key.rpartition(_KEY_SEPARATOR)
    return {f"{lang}{_KEY_SEPARATOR}{d}" for d in _deletions(letters)}


def _deletions(key: str, depth: int = 2) -> set[str]:
    """The key with up to ``depth`` characters deleted (symmetric-delete candidate index)."""
    found = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found
