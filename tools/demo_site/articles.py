"""The articles of the demo site: text assembled from the banks, problems planted, links set.

Everything is seeded from plan.SEED, so the same input always yields the same site.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

import bank_freight
import bank_fulfilment
import bank_services
import plan
import render
from plan import faq
from sections import ARTICLES

BANKS = {
    "sea": bank_freight.SEA,
    "fba": bank_freight.FBA,
    "customs": bank_freight.CUSTOMS,
    "delivery": bank_fulfilment.DELIVERY,
    "warehouse": bank_fulfilment.WAREHOUSE,
    "returns": bank_fulfilment.RETURNS,
    "cod": bank_fulfilment.COD,
}
SERVICE_HEADINGS = [
    "How it works",
    "Booking",
    "Costs",
    "Timing",
    "Packing and labels",
    "When to choose it",
    "Paperwork",
]
SERVICE_ITEMS = [
    "Carton list with weights and sizes",
    "Destination warehouse or addresses",
    "Amazon shipment ID, if any",
    "Commercial invoice",
    "Preferred sailing week",
    "Insurance value",
]
SERVICE_SOURCES = {
    "K": bank_services.KAPAI,
    "H": bank_services.HAIKA,
    "P": bank_services.HAIPAI,
    "M": bank_services.MIXED,
}
ORIGINS = ["Shenzhen", "Ningbo", "Yiwu", "Guangzhou", "Xiamen", "Qingdao", "Dongguan"]
SECTION_IMAGES = {
    "sea": "container",
    "services": "truck",
    "fba": "pallet",
    "customs": "customs",
    "delivery": "parcel",
    "warehouse": "warehouse",
    "returns": "parcel",
    "cod": "parcel",
}
TOKEN_RE = re.compile(r"\{([KHP])\}")


@dataclass
class Article:
    """One article as the CMS holds it, before rendering."""

    path: str
    section: str
    slug: str
    title: str | None
    h1: str
    lead: str
    # body blocks: ("p", [sentences]) | ("html", markup) | ("h2", text) | ("ul", [items])
    # | ("img", (src, alt))
    blocks: list[tuple[str, object]] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)  # bank sentences left over, for copies
    description: str | None = None
    robots: str | None = None
    related: list[tuple[str, str]] = field(default_factory=list)
    related_style: str = "section"
    on_hub: bool = True

    @property
    def link_text(self) -> str:
        return self.title or self.h1


class Speller:
    """Fills {K}/{H}/{P} with the page's spelling for each occurrence, in document order."""

    def __init__(self, forms: dict[str, list[str]]) -> None:
        self.forms = forms
        self.used = {"K": 0, "H": 0, "P": 0}

    def fill(self, text: str) -> str:
        def pick(match: re.Match[str]) -> str:
            token = match.group(1)
            forms = self.forms.get(token, [plan.PREFERRED[token]])
            form = forms[self.used[token] % len(forms)]
            self.used[token] += 1
            return form

        return TOKEN_RE.sub(pick, text)


def words(text: str) -> int:
    """Word count of text with markup removed."""
    return len(re.sub(r"<[^>]+>", " ", text).split())


def bank_for(section: str, slug: str) -> dict[str, list[str]]:
    """The sentences, headings and list items an article draws on."""
    if section != "services":
        return BANKS[section]
    sentences = [s for key in plan.SERVICE_BANKS[slug] for s in SERVICE_SOURCES[key]]
    return {"sentences": sentences, "headings": SERVICE_HEADINGS, "items": SERVICE_ITEMS}


def compose(article: Article, rng: random.Random, target: int) -> None:
    """Assemble an article's body from its bank: lead, 2-3 subsections, closing line."""
    bank = bank_for(article.section, article.slug)
    slots = {"origin": rng.choice(ORIGINS), "days": str(rng.randint(2, 5))}
    pool = [
        s.format_map(_Keep(slots)) for s in rng.sample(bank["sentences"], len(bank["sentences"]))
    ]
    general = rng.sample(bank_fulfilment.GENERAL, 2)
    n_sections = rng.choice([2, 2, 3])
    headings = rng.sample(bank["headings"], n_sections)
    chunks: list[list[str]] = [[] for _ in range(n_sections)]
    total = words(article.h1) + words(article.lead) + words(general[0]) + words(general[1])
    # Drawing at most ~55% of a bank keeps any two articles of a section clearly different.
    limit = max(n_sections, int(len(pool) * 0.55))
    i = 0
    while i < limit and (total < target or i < n_sections):
        sentence = pool.pop()
        chunks[i % n_sections].append(sentence)
        total += words(sentence)
        i += 1
    article.unused = pool
    blocks: list[tuple[str, object]] = [("p", [article.lead, general[0]])]
    list_at = rng.randrange(n_sections) if rng.random() < 0.45 else -1
    image_at = rng.randrange(n_sections) if rng.random() < 0.35 else -1
    for n, (heading, chunk) in enumerate(zip(headings, chunks, strict=True)):
        blocks.append(("h2", heading))
        for start in range(0, len(chunk), 3):
            blocks.append(("p", chunk[start : start + 3]))
        if n == list_at:
            blocks.append(("ul", rng.sample(bank["items"], rng.randint(3, 5))))
        if n == image_at:
            src, alt = render.IMAGES[SECTION_IMAGES[article.section]]
            blocks.append(("img", (src, alt)))
    for extra in bank_services.EXTRAS.get(article.slug, []):
        blocks.append(("html", extra))
    blocks.append(("p", [general[1]]))
    article.blocks = blocks


class _Keep(dict):
    """format_map helper that leaves unknown {fields} (the service tokens) untouched."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill_tokens(article: Article) -> None:
    """Replace service tokens in document order with the page's spellings."""
    speller = Speller(plan.SPELLINGS.get(article.path, {}))
    article.lead = speller.fill(article.lead)
    filled: list[tuple[str, object]] = []
    for kind, value in article.blocks:
        if kind == "p":
            value = [speller.fill(s) for s in value]  # type: ignore[union-attr]
        elif kind == "html":
            value = speller.fill(str(value))
        filled.append((kind, value))
    article.blocks = filled
    article.unused = [speller.fill(s) for s in article.unused]
    if article.blocks and article.blocks[0][0] == "p":
        article.blocks[0] = ("p", [article.lead, *article.blocks[0][1][1:]])  # type: ignore[index]


def make_articles() -> dict[str, Article]:
    """Create every article with its text, before links are added."""
    articles: dict[str, Article] = {}
    for section, entries in ARTICLES.items():
        for slug, title, lead in entries:
            path = faq(section, slug)
            h1 = plan.H1_OVERRIDES.get(path, (title, False))[0]
            article = Article(path, section, slug, title, h1, lead)
            rng = random.Random(f"{plan.SEED}:{path}")
            near_sources = {orig for orig, *_ in plan.NEAR_DUPLICATES}
            target = 340 if path in near_sources else rng.randint(150, 360)
            if path in plan.THIN:
                article.blocks = [("p", [lead, plan.THIN[path]])]
            else:
                compose(article, rng, target)
            article.description = _description(article.lead)
            articles[path] = article
    for article in articles.values():
        fill_tokens(article)
        article.description = _description(article.lead)
    _plant_duplicates(articles)
    _plant_on_page_problems(articles)
    return articles


def _description(lead: str) -> str:
    text = re.sub(r"\{[KHP]\}", "", lead)
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "..."


def _plant_duplicates(articles: dict[str, Article]) -> None:
    for original, copy in plan.EXACT_DUPLICATES:
        src, dst = articles[original], articles[copy]
        dst.h1, dst.lead, dst.description = src.h1, src.lead, src.description
        dst.blocks = list(src.blocks)
    for original, copy, _, replaced in plan.NEAR_DUPLICATES:
        src, dst = articles[original], articles[copy]
        rng = random.Random(f"{plan.SEED}:near:{copy}")
        blocks = [(k, list(v) if k == "p" else v) for k, v in src.blocks]
        # The copy keeps its own lead sentence and heading; `replaced` body sentences change.
        blocks[0][1][0] = dst.lead  # type: ignore[index]
        spots = [
            (b, s) for b, (k, v) in enumerate(blocks) if k == "p" and b > 0 for s in range(len(v))
        ][:-1]  # type: ignore[arg-type]
        used = {s for k, v in src.blocks if k == "p" for s in v}  # type: ignore[union-attr]
        spare = list(src.unused) + [s for s in bank_fulfilment.GENERAL if s not in used]
        for b, s in rng.sample(spots, replaced):
            blocks[b][1][s] = spare.pop()  # type: ignore[index]
        dst.blocks = blocks
        dst.description = _description(dst.lead)


def _plant_on_page_problems(articles: dict[str, Article]) -> None:
    articles[plan.TITLE_MISSING].title = None
    articles[plan.TITLE_EMPTY].title = ""
    for path in plan.META_DESCRIPTION_MISSING:
        articles[path].description = None
    articles[plan.NOINDEX_META].robots = "noindex, follow"
    for path in plan.IMAGES_WITHOUT_ALT:
        article = articles[path]
        src = render.IMAGES[SECTION_IMAGES[article.section]][0]
        article.blocks.insert(2, ("img", (src, None)))
    # A second H1: the CMS editor styled a subheading with the wrong heading level.
    two = articles[plan.H1_MULTIPLE]
    index = next(i for i, (k, _) in enumerate(two.blocks) if k == "h2")
    two.blocks[index] = ("h1", two.blocks[index][1])


def link_articles(articles: dict[str, Article]) -> None:
    """Fill the related lists and hub membership; every article but the orphan gets inbound."""
    variant_titles = {p for p, a in articles.items() if a.section == "services"}
    hidden = {plan.ORPHAN, plan.NOINDEX_META, plan.NOINDEX_HEADER}
    by_section: dict[str, list[str]] = {}
    for path, article in articles.items():
        by_section.setdefault(article.section, []).append(path)
    for section, paths in by_section.items():
        rng = random.Random(f"{plan.SEED}:hub:{section}")
        candidates = [p for p in paths if p not in hidden]
        for path in rng.sample(candidates, 2):
            articles[path].on_hub = False
    articles[plan.ORPHAN].on_hub = False

    for path, article in articles.items():
        rng = random.Random(f"{plan.SEED}:related:{path}")
        same = [p for p in by_section[article.section] if p != path and p not in hidden]
        others = [
            p
            for p in articles
            if p not in hidden
            and p != path
            and articles[p].section != article.section
            and (article.section == "services" or p not in variant_titles)
        ]
        count = rng.randint(8, 16)
        picked = rng.sample(same, min(len(same), rng.randint(4, 7)))
        picked += rng.sample(others, count - len(picked))
        article.related = [(p, articles[p].link_text) for p in picked]
        article.related_style = rng.choices(["section", "box", "aside"], [7, 2, 1])[0]

    planted = plan.MISSING_RELATED + plan.STATUS_RELATED + plan.REDIRECTED_RELATED
    for page, target, text in planted:
        rng = random.Random(f"{plan.SEED}:plant:{page}:{target}")
        related = articles[page].related
        related.insert(rng.randrange(1, len(related)), (target, text))
    for page in plan.NOINDEX_RELATED_FROM:
        target = articles[plan.NOINDEX_META]
        articles[page].related.insert(2, (target.path, target.link_text))

    inbound = _inbound(articles)
    for path, article in articles.items():
        if path != plan.ORPHAN and not inbound.get(path):
            host = next(p for p in by_section[article.section] if p != path and p != plan.ORPHAN)
            articles[host].related.append((path, article.link_text))


def _inbound(articles: dict[str, Article]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for article in articles.values():
        if article.on_hub:
            counts[article.path] = counts.get(article.path, 0) + 1
        for target, _ in article.related:
            counts[target] = counts.get(target, 0) + 1
    return counts
