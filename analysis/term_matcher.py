"""Finding the spellings of known terms in a text: glossary patterns, then discovered forms."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from siteaudit.analysis.glossary import Glossary
from siteaudit.analysis.term_discovery import (
    TOKEN,
    TermCluster,
    contrasted,
    fold,
    same_spelling,
)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One spelling of a term in a text."""

    start: int
    end: int
    text: str
    preferred: str
    is_variant: bool


class TermMatcher:
    """Finds the spellings of known terms: glossary patterns first, discovered forms after."""

    def __init__(self, clusters: Iterable[TermCluster], glossary: Glossary | None = None) -> None:
        self.glossary = glossary
        self.forms: dict[str, tuple[str, bool]] = {}  # spelling -> (preferred, is_variant)
        for cluster in clusters:
            for form in cluster.forms:
                variant = not same_spelling(form, cluster.preferred)
                self.forms[form] = (cluster.preferred, variant)
        self.variant_forms = frozenset(f for f, (_, v) in self.forms.items() if v)
        # Uses of each spelling of a discovered term, site-wide: a variant used at least half
        # as often as the preferred form means the site has no settled spelling yet.
        self.uses: dict[str, int] = {
            form: n for cluster in clusters if not cluster.from_glossary
            for form, n in cluster.forms.items()
        }  # fmt: skip
        # Every variant starts with a whole word (a one-word form, or the first word of a
        # two-word one): a text none of whose words is such a start needs no walk. One C
        # tokenisation and set look-ups, where a regex alternation of thousands of variants
        # cost ~70 ms a page on real documentation.
        self._variant_starts = frozenset(f.split(" ", 1)[0] for f in self.variant_forms)

    def unsettled(self, variant: str, preferred: str) -> bool:
        """True when the site writes ``variant`` nearly as often as ``preferred``."""
        uses = self.uses
        return variant in uses and preferred in uses and 2 * uses[variant] >= uses[preferred]

    def find(self, text: str) -> list[Occurrence]:
        """Every known spelling in ``text``, without overlaps, in text order."""
        found = self._glossary_matches(text)
        if self.forms:
            taken = [(o.start, o.end) for o in found]
            for occ in self._find_forms(text):
                if not any(occ.start < e and s < occ.end for s, e in taken):
                    found.append(occ)
            found.sort(key=lambda o: o.start)
        return found

    def _glossary_matches(self, text: str) -> list[Occurrence]:
        if self.glossary is None:
            return []
        folded = {fold(m.group(0)) for m in TOKEN.finditer(text)} | {
            m.group(0).casefold() for m in TOKEN.finditer(text)
        }
        return [
            Occurrence(m.start, m.end, m.text, m.preferred, m.is_variant)
            for m in self.glossary.find(text, folded)
        ]

    def _find_forms(self, text: str) -> Iterator[Occurrence]:
        tokens = list(TOKEN.finditer(text))
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if i + 1 < len(tokens) and text[token.end() : tokens[i + 1].start()] == " ":
                pair = f"{token.group(0)} {tokens[i + 1].group(0)}"
                if pair in self.forms:
                    preferred, variant = self.forms[pair]
                    yield Occurrence(token.start(), tokens[i + 1].end(), pair, preferred, variant)
                    i += 2
                    continue
            word = token.group(0)
            if word in self.forms:
                preferred, variant = self.forms[word]
                yield Occurrence(token.start(), token.end(), word, preferred, variant)
            i += 1

    def variants(self, text: str) -> list[Occurrence]:
        """Only the spellings that should be replaced."""
        starts = self._variant_starts
        if starts and not starts.isdisjoint(TOKEN.findall(text)):
            found = self.find(text)
            return [o for o in found if o.is_variant and not _mentioned(text, o, found)]
        # No discovered variant in the text: only the glossary can find one (the preferred
        # forms found besides never displace a glossary match).
        return [o for o in self._glossary_matches(text) if o.is_variant]

    def normalise(self, text: str) -> str:
        """``text`` with every variant replaced by its preferred form."""
        out, last = [], 0
        for occ in self.variants(text):
            out += [text[last : occ.start], occ.preferred]
            last = occ.end
        out.append(text[last:])
        return "".join(out)


def _mentioned(text: str, occ: Occurrence, found: list[Occurrence]) -> bool:
    """A spelling set against another spelling of its term ("Use PostScript, not
    Postscript"): the sentence is about the spelling, not a use of it."""
    return any(
        o.preferred == occ.preferred
        and o.text != occ.text
        and contrasted(text, min(o.end, occ.end), max(o.start, occ.start))
        for o in found
    )
