"""Title families read from the pages on demand: the same slots as titles held tokenised."""

from __future__ import annotations

import random
from collections import Counter
from itertools import takewhile

import pytest
from siteaudit.analysis.title_families import Slot, TitleFamilies

from siteaudit.core.records import Page


def _reference(titles: dict[str, str | None]) -> dict[str, tuple[str, ...]]:
    """Every title tokenised and stripped of the site's words, held: the earlier model."""
    split = {u: tuple(t.casefold().split()) for u, t in titles.items() if t and t.strip()}
    for from_end in (False, True):
        while split:
            edge = Counter(t[-1] if from_end else t[0] for t in split.values() if len(t) > 1)
            if not edge:
                break
            word, n = edge.most_common(1)[0]
            if n <= 0.5 * len(split):
                break
            split = {
                u: (t[:-1] if from_end else t[1:])
                if len(t) > 1 and t[-1 if from_end else 0] == word
                else t
                for u, t in split.items()
            }
    return split


def _site(seed: int) -> dict[str, Page]:
    rng = random.Random(seed)
    subjects = ["Release", "Module", "Command", "Reset my password", "Change my email"]
    pages = {}
    for i in range(300):
        words = [rng.choice(subjects), rng.choice(["1.2", "1.3", "2.0", "mod_ssl", "sync"])]
        if rng.random() < 0.5:
            words.append(rng.choice(["notes", "on 2016-01-20", "guide"]))
        if rng.random() < 0.8:
            words.insert(0, rng.choice(["FAQ:", "FAQ: FAQ:", "Help"]))
        if rng.random() < 0.7:
            words.append("| Example Docs")
        title = " ".join(words) if rng.random() < 0.95 else rng.choice([None, "", "  "])
        url = f"http://ex.com/p{i}"
        pages[url] = Page(url, 200, title=title, h1=[title] if title else [])
    return pages


@pytest.mark.parametrize("seed", range(3))
def test_slots_match_titles_held_tokenised(seed: int) -> None:
    pages = _site(seed)
    held = _reference({u: p.title for u, p in pages.items()})
    families = TitleFamilies.of(pages, lambda p: p.title)
    assert all(families.words(u) == held.get(u) for u in pages)
    assert ("docs" not in {t[-1] for t in held.values()}) and len(families._strips) >= 3
    rng = random.Random(seed)
    urls = list(pages)
    found = 0
    for _ in range(400):
        a, b = rng.sample(urls, 2)
        slot = families.slot(a, b)
        ta, tb = held.get(a), held.get(b)
        if slot is None:
            continue
        found += 1
        assert ta is not None and tb is not None
        prefix = len(ta) - len(slot.here) - _suffix(ta, tb)
        suffix = _suffix(ta, tb)
        family = sum(
            1
            for t in held.values()
            if 0 < len(t) - prefix - suffix <= 3
            and (t[:prefix], t[len(t) - suffix :]) == (ta[:prefix], ta[len(ta) - suffix :])
        )
        assert slot == Slot(slot.here, slot.there, family)
        assert slot.here == ta[prefix : len(ta) - suffix]
    assert found > 20
    assert families.slot(urls[0], "http://ex.com/nowhere") is None


def _alike(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many words ``a`` and ``b`` start with alike."""
    return sum(1 for _ in takewhile(lambda pair: pair[0] == pair[1], zip(a, b, strict=False)))


def _suffix(ta: tuple[str, ...], tb: tuple[str, ...]) -> int:
    """Words the two titles end with alike, after the words they start with alike."""
    start = _alike(ta, tb)
    return _alike(ta[start:][::-1], tb[start:][::-1])
