"""Derive planted.json by reading the built site back, as a crawler would see it.

Every problem listed is found in the written files and in the _redirects and _headers rules,
read by the shipped folder server's own parser (not copied from the plan),
and the plan's intentions are asserted against what was found, so a build that fails to plant
something, or plants something by accident, stops with an error.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import plan
from sections import SITE_NAME

from siteaudit.app.folder_rules import load_folder_rules

RELATED_CLASSES = {"recommend", "box", "related-articles"}


@dataclass
class Parsed:
    """What the manifest needs from one HTML page."""

    path: str
    title: str | None
    description: str | None
    robots: str | None
    h1: list[str]
    h2: list[str]
    body: list[str]  # paragraphs and list items inside <article>
    article_text: str
    links: list[tuple[str, str, str]] = field(default_factory=list)  # href, text, region
    images: list[tuple[str, str | None]] = field(default_factory=list)


def site_path(root: Path, file: Path) -> str:
    rel = "/" + file.relative_to(root).as_posix()
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def _region(element: lxml.html.HtmlElement) -> str:
    for ancestor in element.iterancestors():
        classes = set((ancestor.get("class") or "").split())
        if classes & RELATED_CLASSES:
            return "related"
        if ancestor.tag in {"header", "footer", "nav"}:
            return ancestor.tag
    return "main"


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def parse_page(root: Path, file: Path) -> Parsed:
    """Parse one built page, honouring its declared charset."""
    raw = file.read_bytes()
    charset = re.search(rb'<meta charset="([^"]+)"', raw)
    tree = lxml.html.fromstring(raw.decode(charset.group(1).decode() if charset else "utf-8"))
    title_el = tree.find(".//title")
    meta = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
    article = tree.find(".//article")
    parsed = Parsed(
        path=site_path(root, file),
        title=None if title_el is None else (title_el.text or "").strip(),
        description=meta.get("description"),
        robots=meta.get("robots"),
        h1=[_text(h) for h in tree.iter("h1")],
        h2=[] if article is None else [_text(h) for h in article.iter("h2")],
        body=[] if article is None else [_text(el) for el in article.iter("p", "li")],
        article_text="" if article is None else _text(article),
    )
    parsed.links = [(a.get("href"), _text(a), _region(a)) for a in tree.iter("a")]
    parsed.images = [(img.get("src"), img.get("alt")) for img in tree.iter("img")]
    return parsed


class Resolver:
    """Answers 'what does the folder server say to this path' without running it."""

    def __init__(self, root: Path) -> None:
        rules = load_folder_rules(root)
        self.root = root
        self.redirects = {r.source: r.target for r in rules.redirects if r.is_redirect}
        self.statuses = {r.source: r.status for r in rules.redirects if r.status >= 400}
        # A rewrite keyed on a query parameter answers every value: the calendar trap.
        self.traps = {r.source for r in rules.redirects if r.status == 200 and r.query}
        self.headers = {h.source: dict(h.headers) for h in rules.headers}

    def status(self, path: str) -> int:
        if path in self.redirects:
            return 301
        if path in self.traps:
            return 200
        file = self.root / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        exists = file.is_file() and file.name not in {"_redirects", "_headers"}
        return self.statuses.get(path, 200 if exists else 404)

    def follow(self, path: str) -> tuple[list[str], int, bool]:
        """The URLs visited from path, the final status, and whether it looped."""
        hops = [path]
        while path in self.redirects:
            path = self.redirects[path]
            if path in hops:
                return [*hops, path], 0, True
            hops.append(path)
        return hops, self.status(path), False


def word_count(text: str) -> int:
    """Words in text; each Chinese character counts as one, as CJK text has no spaces."""
    return len(re.findall(r"[\u4e00-\u9fff]|[^\W\u4e00-\u9fff]+", text))


def shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1))}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def sequence_ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a.lower().split(), b.lower().split(), autojunk=False).ratio()


def term_pattern(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<![A-Za-z-])" + re.escape(form) + r"(?![A-Za-z-])")


LOOKALIKE_PATTERNS = {text: term_pattern(text) for text in plan.LOOKALIKES}
LOOKALIKE_PATTERNS["Cape"] = re.compile(r"(?<![A-Za-z-])Cape(?![A-Za-z-]| Town)")


def write_manifest(root: Path, out: Path, articles: dict[str, Any], hubs: dict[str, str]) -> None:
    """Read the built site back and write planted.json; fail if the plan was not realised."""
    files = [
        f
        for f in sorted(root.rglob("*.html"))
        if not site_path(root, f).startswith(plan.CALENDAR_PAGES)
    ]  # the calendar's month files are reached only through the trap's rewrite
    pages = {p.path: p for p in (parse_page(root, f) for f in files)}
    resolver = Resolver(root)
    robots = (root / "robots.txt").read_text(encoding="utf-8")
    disallowed = re.findall(r"^Disallow:\s*(\S+)", robots, re.M)
    sitemap_paths = set()
    for sitemap in root.glob("sitemap-*.xml"):
        sitemap_paths |= set(re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text()))
    served = {p for p in pages if resolver.status(p) == 200 and not p.startswith("/internal/")}
    content_paths = [*articles, plan.LEGACY_ENCODING]
    problems: list[dict[str, Any]] = []

    def add(kind: str, issue: int, **fields: Any) -> None:
        problems.append({"kind": kind, "issue": issue, **fields})

    noindex = {p: "meta" for p in served if "noindex" in (pages[p].robots or "")}
    noindex |= {
        p: "header" for p, h in resolver.headers.items() if "noindex" in h.get("X-Robots-Tag", "")
    }
    inbound: Counter[str] = Counter()

    for path in sorted(served):
        page = pages[path]
        seen: set[tuple[str, str]] = set()
        for href, _, region in page.links:
            split = urlsplit(href)
            if split.scheme or not split.path.startswith("/"):
                continue
            target = split.path
            if target != path:
                inbound[target] += 1
            if (target, region) in seen:
                continue
            seen.add((target, region))
            if target in resolver.traps:
                continue
            if any(target.startswith(prefix) for prefix in disallowed):
                add("robots-blocked", 2, page=path, target=target)
                continue
            hops, status, looped = resolver.follow(target)
            if looped:
                add("redirect-loop", 2, page=path, url=target, cycle=hops[:-1])
            elif status >= 400:
                add("broken-link", 2, page=path, target=target, status=status, region=region)
            elif len(hops) == 2:
                add("redirected-link", 2, page=path, target=target, final=hops[-1])
            elif len(hops) > 2:
                add("redirect-chain", 2, page=path, url=target, hops=hops)
            if region == "related" and target in noindex:
                add("noindex-linked-as-related", 2, page=path, target=target)
        for src, alt in page.images:
            if alt is None:
                add("image-missing-alt", 2, page=path, src=src)

    by_title: dict[str, list[str]] = {}
    for path in sorted(served):
        page = pages[path]
        if not page.title:
            add("title-missing", 2, page=path, empty=page.title == "")
        else:
            by_title.setdefault(page.title, []).append(path)
        if not page.description:
            add("meta-description-missing", 2, page=path)
        if not page.h1:
            add("h1-missing", 2, page=path)
        elif len(page.h1) > 1:
            add("h1-multiple", 2, page=path, h1=page.h1)
    for title, same in by_title.items():
        if len(same) > 1:
            add("title-duplicate", 2, pages=same, title=title)
    for path, (h1, mismatch) in plan.H1_OVERRIDES.items():
        assert pages[path].h1 == [h1], path
        if mismatch:
            add("title-h1-mismatch", 2, page=path, title=pages[path].title, h1=h1)
    for path, via in sorted(noindex.items()):
        add("noindex", 2, page=path, via=via)
    orphans = [p for p in content_paths if p in sitemap_paths and not inbound[p]]
    assert orphans == [plan.ORPHAN], orphans
    add("orphan-page", 2, page=plan.ORPHAN)
    for path, headers in resolver.headers.items():
        charset = re.search(r"charset=([\w-]+)", headers.get("Content-Type", ""))
        if charset and charset.group(1).lower() not in {"utf-8", "utf8"}:
            add(
                "legacy-encoding",
                2,
                page=path,
                encoding=charset.group(1).lower(),
                title=pages[path].title,
            )
    for trap in sorted(resolver.traps):
        add("query-trap", 2, url=trap, linked_as=plan.CALENDAR_LINK)

    _content_problems(pages, content_paths, add)
    similarity = _check_similarity(pages, content_paths)

    page_list = []
    for path in [*content_paths, "/", *hubs]:
        page = pages[path]
        section = path.split("/")[2] if path.startswith("/faq/") else None
        page_list.append(
            {
                "path": path,
                "title": page.title,
                "section": section,
                "kind": "article" if path.endswith(".html") else ("home" if path == "/" else "hub"),
                "in_sitemap": path in sitemap_paths,
                "linked": inbound[path] > 0,
                "words": word_count(page.article_text),
            }
        )
    assert 80 <= len(content_paths) <= 110, len(content_paths)
    manifest = {
        "site": SITE_NAME,
        "note": "Generated by build.py from the built files; do not edit by hand.",
        "problems": problems,
        "pages": page_list,
        "terms": _term_totals(pages),
        "max_similarity_unplanted": similarity,
    }
    out.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _content_problems(pages: dict[str, Parsed], content_paths: list[str], add: Any) -> None:
    forms = {v: pref for pref, variants in plan.VARIANTS.items() for v in variants}
    patterns = {v: term_pattern(v) for v in forms}
    for path in sorted(pages):
        page = pages[path]
        elements = {
            "title": [page.title or ""],
            "meta-description": [page.description or ""],
            "h1": page.h1,
            "h2": page.h2,
            "body": page.body,
            "link": [text for _, text, _ in page.links],
        }
        for element, texts in elements.items():
            for variant, pattern in patterns.items():
                count = sum(len(pattern.findall(t)) for t in texts)
                if count:
                    add(
                        "term-variant",
                        4,
                        page=path,
                        element=element,
                        variant=variant,
                        preferred=forms[variant],
                        count=count,
                    )
    for text, pattern in LOOKALIKE_PATTERNS.items():
        found = sorted(
            p
            for p, page in pages.items()
            if pattern.search(page.article_text + " " + (page.title or ""))
        )
        assert found, text
        add("lookalike", 4, text=text, pages=found)
    for original, copy in plan.EXACT_DUPLICATES:
        assert pages[original].article_text == pages[copy].article_text
        add(
            "exact-duplicate",
            4,
            pages=[original, copy],
            same_title=pages[original].title == pages[copy].title,
        )
    for original, copy, approx, _ in plan.NEAR_DUPLICATES:
        a, b = pages[original].article_text, pages[copy].article_text
        add(
            "near-duplicate",
            4,
            pages=[original, copy],
            approx_similarity=approx,
            measured={
                "sequence_ratio": round(sequence_ratio(a, b), 3),
                "shingle5_jaccard": round(jaccard(a, b), 3),
            },
        )
    for a, b in plan.TITLE_NEAR_DUPLICATES:
        add("title-near-duplicate", 4, pages=[a, b], titles=[pages[a].title, pages[b].title])
    thin = [p for p in content_paths if word_count(pages[p].article_text) < 60]
    assert sorted(thin) == sorted(plan.THIN), thin
    for path in thin:
        add("thin-content", 4, page=path, words=word_count(pages[path].article_text))


def _term_totals(pages: dict[str, Parsed]) -> dict[str, Any]:
    totals: dict[str, Any] = {}
    for preferred, variants in plan.VARIANTS.items():
        counts, on_pages = {}, {}
        for form in [preferred, *variants]:
            pattern = term_pattern(form)
            per_page = {
                p: len(
                    pattern.findall(
                        " ".join(
                            [
                                page.title or "",
                                page.description or "",
                                page.article_text,
                                *[t for _, t, _ in page.links],
                            ]
                        )
                    )
                )
                for p, page in pages.items()
            }
            counts[form] = sum(per_page.values())
            on_pages[form] = sum(1 for n in per_page.values() if n)
        assert all(counts[preferred] > 2 * counts[v] for v in variants), counts
        assert all(counts[v] >= 3 for v in variants), counts
        totals[preferred] = {"variants": variants, "occurrences": counts, "pages": on_pages}
    return totals


def _check_similarity(pages: dict[str, Parsed], content_paths: list[str]) -> float:
    planted = {p for group in plan.EXACT_DUPLICATES for p in group}
    planted |= {p for orig, copy, *_ in plan.NEAR_DUPLICATES for p in (orig, copy)}
    planted |= set(plan.THIN) | {plan.LEGACY_ENCODING}
    texts = {p: pages[p].article_text for p in content_paths if p not in planted}
    worst = max(jaccard(texts[a], texts[b]) for a, b in itertools.combinations(texts, 2))
    assert worst < 0.5, worst
    return round(worst, 3)
