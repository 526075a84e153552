"""A labelled synthetic content site, written straight into a siteaudit store (no crawl).

Articles about made-up services (Kavoro, HaiLum...) in real English prose, inside a heavy
template (menu, reviews, call to action, footer, related-article lists). Planted, with labels:

- term variants: spaced, hyphenated, upper-case and one-letter respellings of each service
  name, in titles, H1s, meta descriptions, body text and (through titles) link texts;
- sibling services whose names are close to another's but that the site lists side by side
  ("Kavoro and Kavuro"): distinct terms, never variants;
- copies of articles with 0% (exact), 5%, 10% and 20% of their sentences rewritten
  (near-duplicates) and with 50% and 70% rewritten (not duplicates).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from wordfreq import top_n_list

from siteaudit.core.records import Link, Page, TextBlock
from siteaudit.store import Store

BASE = "https://help.example.test"
POSITIVE_LEVELS = (0.0, 0.05, 0.1, 0.2)
NEGATIVE_LEVELS = (0.5, 0.7)
NAV = ["Home", "Services", "Pricing", "Tracking", "Returns", "Customs", "Contact", "Blog"]
REVIEWS = [
    "Our first container arrived two days early, and we got an update at every step.",
    "Clear quotes and no surprises on the invoice at the end of the month.",
    "Customs questions get answered the same day, even in the busy season.",
]
CTA = ["Still have questions?", "Our advisers reply within one working day. Contact us"]
FOOTER = ["About us", "Privacy", "Terms", "© 2026 Example Freight Ltd. All rights reserved."]
_SYLLABLES = ["ka", "vo", "ro", "hai", "lum", "zen", "tri", "mo", "sa", "rin", "dex", "pol"]


@dataclass(slots=True)
class Term:
    """A service name, its variants, and a look-alike sibling (or None)."""

    preferred: str
    variants: list[str]
    sibling: str | None = None


@dataclass(slots=True)
class Labels:
    """What the generator planted, to score the analysis against."""

    variants: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    near_pairs: set[frozenset[str]] = field(default_factory=set)
    exact_pairs: set[frozenset[str]] = field(default_factory=set)
    negative_pairs: set[frozenset[str]] = field(default_factory=set)
    terms: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Text:
    """A generated text and the variant spellings planted in it."""

    text: str
    variants: list[str]


def make_terms(rng: random.Random, count: int) -> list[Term]:
    """Made-up service names far apart from each other, with their variant spellings."""
    terms: list[Term] = []
    used: set[str] = set()
    while len(terms) < count:
        a, b = rng.sample(_SYLLABLES, 2)
        b2 = rng.choice(_SYLLABLES)
        head, tail = a.capitalize(), (b + b2)
        preferred = head + tail if rng.random() < 0.5 else head + tail.capitalize()
        key = preferred.lower()
        if key in used or any(_close(key, u) for u in used):
            continue
        used.add(key)
        spaced = f"{head} {tail.capitalize()}"
        hyphen = f"{head}-{tail.capitalize()}"
        chars = list(preferred)
        chars[2] = "e" if chars[2] != "e" else "i"  # a respelling inside the word
        respelled = "".join(chars)
        variants = [spaced, hyphen, preferred.upper(), respelled]
        sibling = None
        if len(terms) % 4 == 0:
            sib = list(key)
            sib[len(sib) // 2] = "u" if sib[len(sib) // 2] != "u" else "a"
            sibling = "".join(sib).capitalize()
            used.add(sibling.lower())
        terms.append(Term(preferred, variants, sibling))
    return terms


def _close(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b) <= 3


class SiteWriter:
    """Generates pages in batches and stores them; keeps the labels."""

    def __init__(self, seed: int, terms: int) -> None:
        self.rng = random.Random(seed)
        self.words = [w for w in top_n_list("en", 4000) if w.isalpha() and len(w) > 2]
        self.terms = make_terms(self.rng, terms)
        self.labels = Labels(terms={t.preferred: t.variants for t in self.terms})
        self.titles: list[Text] = []
        self.variant_rate = 0.08

    def mention(self, term: Term, rate: float | None = None) -> tuple[str, list[str]]:
        if self.rng.random() < (self.variant_rate if rate is None else rate):
            form = self.rng.choice(term.variants)
            return form, [form]
        return term.preferred, []

    def sentence(self, term: Term | None = None) -> Text:
        words = self.rng.sample(self.words, self.rng.randint(9, 16))
        planted: list[str] = []
        if term is not None:
            form, planted = self.mention(term)
            words.insert(self.rng.randint(1, len(words) - 1), form)
        if term is not None and term.sibling and not planted and self.rng.random() < 0.3:
            words += [term.preferred, "and", term.sibling]  # two services, side by side
        text = " ".join(words)
        return Text(text[0].upper() + text[1:] + ".", planted)

    def article_texts(self, index: int) -> tuple[Text, Text, list[Text]]:
        term = self.terms[index % len(self.terms)]
        form, planted = self.mention(term, 0.04)
        topic = " ".join(self.rng.sample(self.words, 3))
        title = Text(f"How does {form} handle {topic}?", planted)
        description = self.sentence(term)
        body = [
            self.sentence(term if self.rng.random() < 0.25 else None)
            for _ in range(self.rng.randint(12, 20))
        ]
        return title, description, body

    def page(
        self, index: int, title: Text, description: Text, body: list[Text], related: list[int]
    ) -> Page:
        url = f"{BASE}/articles/{index}.html"
        blocks = [TextBlock("nav", "li", item) for item in NAV]
        blocks.append(TextBlock("main", "h1", title.text))
        blocks += [TextBlock("main", "p", t.text) for t in body]
        blocks += [TextBlock("main", "h2", CTA[0]), TextBlock("main", "p", CTA[1])]
        links = []
        for position, target in enumerate(related, 1):
            anchor = self.titles[target]
            blocks.append(TextBlock("related", "li", anchor.text))
            links.append(
                Link(
                    url,
                    f"{BASE}/articles/{target}.html",
                    "a",
                    anchor.text,
                    "related",
                    False,
                    position,
                )
            )
            for form in anchor.variants:
                self.labels.variants[url, "link", form] += 1
        blocks += [TextBlock("main", "p", r) for r in REVIEWS]
        blocks += [TextBlock("footer", "li", f) for f in FOOTER]
        for element, texts in (
            ("title", [title]),
            ("h1", [title]),
            ("meta-description", [description]),
        ):
            for text in texts:
                for form in text.variants:
                    self.labels.variants[url, element, form] += 1
        for text in body:
            for form in text.variants:
                self.labels.variants[url, "body", form] += 1
        return Page(
            url=url,
            status=200,
            is_html=True,
            content_type="text/html",
            title=title.text,
            title_count=1,
            meta_description=description.text,
            canonical=url,
            h1=[title.text],
            h2=[CTA[0]],
            word_count=sum(len(b.text.split()) for b in blocks),
            blocks=blocks,
            links=links,
        )


def write_site(
    store: Store, pages: int, *, seed: int = 1, terms: int = 20, copies: int = 24, batch: int = 2000
) -> Labels:
    """Generate ``pages`` articles (copies included) into a new crawl of ``store``."""
    writer = SiteWriter(seed, terms)
    crawl = store.begin_crawl([BASE + "/"], {"generator": "bench/content_site.py"})
    originals = pages - copies
    generated: list[tuple[Text, Text, list[Text]]] = []
    for i in range(originals):
        generated.append(writer.article_texts(i))
        writer.titles.append(generated[-1][0])
    levels = [*POSITIVE_LEVELS, *NEGATIVE_LEVELS]
    plan: list[tuple[int, float]] = []
    for c in range(copies):
        source = writer.rng.randrange(originals)
        level = levels[c % len(levels)]
        title, description, body = generated[source]
        new_title, new_description, _ = writer.article_texts(originals + c)
        if level == 0.0:
            new_title = title  # an exact copy repeats the article, heading included
        replaced = set(writer.rng.sample(range(len(body)), round(level * len(body))))
        new_body = [writer.sentence() if k in replaced else t for k, t in enumerate(body)]
        generated.append((new_title, new_description if level else description, new_body))
        writer.titles.append(new_title)
        plan.append((source, level))
        pair = frozenset({_url(source), _url(originals + c)})
        if level == 0.0:
            writer.labels.exact_pairs.add(pair)
        elif level in POSITIVE_LEVELS:
            writer.labels.near_pairs.add(pair)
        else:
            writer.labels.negative_pairs.add(pair)
    chunk: list[Page] = []
    total = len(generated)
    for i, (title, description, body) in enumerate(generated):
        related = [writer.rng.randrange(total) for _ in range(5)]
        related = [r for r in dict.fromkeys(related) if r != i]
        chunk.append(writer.page(i, title, description, body, related))
        if len(chunk) >= batch:
            store.add_pages(crawl, chunk)
            chunk = []
    store.add_pages(crawl, chunk)
    store.finish_crawl(crawl, "finished", {"pages_crawled": total})
    return writer.labels


def _url(index: int) -> str:
    return f"{BASE}/articles/{index}.html"


def build(folder: Path, pages: int, seed: int = 1) -> Labels:
    """Write the site into ``folder``/siteaudit.db and return its labels."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "siteaudit.db").unlink(missing_ok=True)
    with Store.in_folder(folder) as store:
        return write_site(store, pages, seed=seed)
