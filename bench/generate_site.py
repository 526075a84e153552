"""Generate a deterministic synthetic FAQ/help site to benchmark crawls against.

    python bench/generate_site.py --pages 5000 --out bench/sites/5000-s1 [--seed 1] [--gzip]

Writes DIR/site/ (document root), DIR/redirects.conf (nginx ``location =`` lines to
include in a server block) and DIR/manifest.json (parameters and planted counts). A second
run with the same parameters is a no-op. Sitemaps and robots.txt hold absolute URLs on the
placeholder origin ``ORIGIN_PLACEHOLDER``; nginx_server.py rewrites it to the served origin.
``--gzip`` writes each article only as ``NAME.html.gz`` (the same HTML, ~1/3 of the disk: a
1,000,000-article site takes ~10 GB instead of ~30 GB); nginx_server.py serves it with
``gzip_static always`` and ``gunzip``, so a client sees the same pages either way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path

import site_text

GENERATOR_VERSION = 1
ORIGIN_PLACEHOLDER = "http://siteaudit-origin.invalid"
SITEMAP_LIMIT = 50_000
ARTICLES_PER_SECTION = 100
BROKEN_RELATED_P = 0.01  # share of related links that point at deleted articles
REDIRECT_P = 0.012  # per in-text/related link; ~0.5% of all links once nav/footer count
SENTENCE_BANK = 6000
CHUNK = 500  # articles per worker task

STATIC_PAGES = [
    "About us", "Contact us", "Privacy policy", "Terms of service", "Cookie policy",
    "Accessibility", "Careers", "Press", "System status", "Community", "Developers",
    "Customer reviews",
]  # fmt: skip


@dataclass
class Tally:
    """What a batch of pages contributed to the manifest."""

    pages: int = 0
    bytes: int = 0  # of HTML as served
    disk_bytes: int = 0  # as written (compressed with --gzip)
    links: int = 0
    related_links: int = 0
    broken_links: int = 0
    redirect_links: int = 0
    broken_targets: set[int] = field(default_factory=set)
    redirect_sources: set[int] = field(default_factory=set)

    def add(self, other: Tally) -> None:
        """Fold another tally into this one."""
        for name in ("pages", "bytes", "disk_bytes", "links", "related_links", "broken_links"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.redirect_links += other.redirect_links
        self.broken_targets |= other.broken_targets
        self.redirect_sources |= other.redirect_sources


@dataclass(frozen=True)
class Hub:
    """A category or section page and the slice of children it lists."""

    name: str  # HTML-escaped
    url: str
    lo: int
    hi: int
    parent: int = -1  # category index, for sections


@dataclass
class Plan:
    """Everything page rendering needs; built once, shared with workers by fork."""

    pages: int
    seed: int
    root: Path
    gzip: bool  # articles written as NAME.html.gz only
    titles: list[str]
    urls: list[str]
    categories: list[Hub]
    sections: list[Hub]
    broken_urls: list[str]
    broken_titles: list[str]
    redirect_urls: list[str]
    redirect_to: list[int]
    sentences: list[str]
    steps: list[str]
    header: str
    footer: str
    fixed_links: int  # header + reviews + footer anchors, present on every page


_PLAN: Plan | None = None  # set in the parent before forking workers


def _article_id(i: int) -> int:
    return 10_000 + i


def _lastmod(i: int) -> str:
    return dt.date.fromordinal(738_886 + (i * 7919) % 600).isoformat()  # spread over 2024-25


def build_plan(pages: int, seed: int, root: Path, *, gzipped: bool = False) -> Plan:
    """Titles, URLs, hierarchy, planted defects and shared template blocks for a site."""
    rng = random.Random(seed)
    titles = [site_text.make_title(rng) for _ in range(pages)]
    urls = [f"/articles/{_article_id(i)}-{site_text.slugify(t)}.html" for i, t in enumerate(titles)]
    n_sec = max(4, round(pages / ARTICLES_PER_SECTION))
    n_cat = min(len(site_text.CATEGORIES), n_sec)
    categories = []
    for c in range(n_cat):
        name = site_text.CATEGORIES[c]
        url = f"/categories/{200 + c}-{site_text.slugify(name)}/"
        categories.append(Hub(escape(name), url, c * n_sec // n_cat, (c + 1) * n_sec // n_cat))
    sections = []
    for s in range(n_sec):
        cat = next(c for c, h in enumerate(categories) if h.lo <= s < h.hi)
        topic = site_text.SUBTOPICS[s % len(site_text.SUBTOPICS)]
        name = f"{topic.capitalize()}" + (
            f" ({s // len(site_text.SUBTOPICS) + 1})" if s >= 30 else ""
        )
        url = f"/sections/{1000 + s}-{site_text.slugify(name)}/"
        lo, hi = (s * pages + n_sec - 1) // n_sec, ((s + 1) * pages + n_sec - 1) // n_sec
        sections.append(Hub(escape(name), url, lo, hi, cat))
    # Deleted articles keep their old links around; moved ones answer with a redirect.
    n_broken, n_redirect = max(5, pages // 200), max(5, pages // 100)
    broken_titles = [site_text.make_title(rng) for _ in range(n_broken)]
    broken_urls = [
        f"/articles/{_article_id(pages + k)}-{site_text.slugify(t)}.html"
        for k, t in enumerate(broken_titles)
    ]
    redirect_to = [rng.randrange(pages) for _ in range(n_redirect)]
    redirect_urls = [
        f"/articles/{900_000 + k}-{site_text.slugify(site_text.make_title(rng))}.html"
        for k in range(n_redirect)
    ]
    header, header_links = _header(categories)
    footer, footer_links = _footer(categories)
    return Plan(
        pages=pages,
        seed=seed,
        root=root,
        gzip=gzipped,
        titles=titles,
        urls=urls,
        categories=categories,
        sections=sections,
        broken_urls=broken_urls,
        broken_titles=broken_titles,
        redirect_urls=redirect_urls,
        redirect_to=redirect_to,
        sentences=site_text.make_sentences(rng, SENTENCE_BANK),
        steps=site_text.steps(),
        header=header,
        footer=footer,
        fixed_links=header_links + footer_links,
    )


def _static_url(name: str) -> str:
    return f"/pages/{site_text.slugify(name)}.html"


def _header(categories: list[Hub]) -> tuple[str, int]:
    items = "".join(f'<li><a href="{c.url}">{c.name}</a></li>' for c in categories)
    html = (
        '<header class="site-header"><a class="logo" href="/">'
        f'<img src="/static/logo.svg" alt="{site_text.PRODUCT} Help Center" width="120" '
        f'height="32"></a><nav class="main-nav" aria-label="Main"><ul>{items}'
        f'<li><a href="{_static_url("Contact us")}">Contact us</a></li></ul></nav>'
        '<form class="search" action="/search" method="get" role="search">'
        '<input type="search" name="q" placeholder="Search the help center">'
        '<button type="submit">Search</button></form></header>\n'
    )
    return html, len(categories) + 2


_REVIEWS = [
    ("Maria K.", "Found the answer in two minutes. The steps were clear and it just worked."),
    ("David O.", "Support replied the same day and the article they sent fixed my problem."),
    ("Priya S.", "Great help center, much better than calling. Bookmarked for next time."),
    ("Tom W.", "The troubleshooting guide saved me a trip to the store. Thank you!"),
]


def _footer(categories: list[Hub]) -> tuple[str, int]:
    quotes = "".join(
        f'<blockquote class="review"><p>{q}</p><footer>{who}</footer></blockquote>'
        for who, q in _REVIEWS
    )
    reviews = (
        '<section class="reviews-block"><h2>What our customers say</h2>'
        f'<p class="rating">Rated 4.8 out of 5 by 12,406 customers</p>{quotes}'
        f'<a href="{_static_url("Customer reviews")}">Read all reviews</a></section>\n'
    )
    cats = "".join(f'<li><a href="{c.url}">{c.name}</a></li>' for c in categories)
    statics = "".join(f'<li><a href="{_static_url(n)}">{n}</a></li>' for n in STATIC_PAGES)
    footer = (
        f'{reviews}<footer class="site-footer"><div class="cols"><nav aria-label="Topics">'
        f'<h3>Topics</h3><ul>{cats}</ul></nav><nav aria-label="Company"><h3>Company</h3>'
        f'<ul>{statics}</ul></nav></div><p class="legal">&copy; 2025 {site_text.PRODUCT} '
        "Inc. All rights reserved. Prices and availability are subject to change.</p>"
        "</footer>\n</body></html>\n"
    )
    return footer, 1 + len(categories) + len(STATIC_PAGES)


def _head(title: str, description: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} | {site_text.PRODUCT} Help Center</title>"
        f'<meta name="description" content="{description}">'
        '<link rel="stylesheet" href="/static/site.css">'
        '<link rel="icon" href="/static/logo.svg"></head>\n<body>\n'
    )


def _breadcrumb(crumbs: list[tuple[str, str]], current: str) -> str:
    items = "".join(f'<li><a href="{url}">{name}</a></li>' for name, url in crumbs)
    return (
        f'<nav class="breadcrumb" aria-label="Breadcrumb"><ol>{items}'
        f'<li aria-current="page">{current}</li></ol></nav>\n'
    )


def _link(p: Plan, rng: random.Random, i: int, t: Tally, *, related: bool) -> str:
    """One in-text or related anchor, now and then aimed at a planted defect."""
    r = rng.random()
    if related and r < BROKEN_RELATED_P:
        k = rng.randrange(len(p.broken_urls))
        t.broken_links += 1
        t.broken_targets.add(k)
        return f'<a href="{p.broken_urls[k]}">{p.broken_titles[k]}</a>'
    if r > 1 - REDIRECT_P:
        k = rng.randrange(len(p.redirect_urls))
        t.redirect_links += 1
        t.redirect_sources.add(k)
        return f'<a href="{p.redirect_urls[k]}">{p.titles[p.redirect_to[k]]}</a>'
    j = rng.randrange(p.pages - 1)
    j += j >= i  # never link to itself
    return f'<a href="{p.urls[j]}">{p.titles[j]}</a>'


def render_article(p: Plan, i: int, t: Tally) -> str:
    """The HTML of article i (deterministic for the plan's seed)."""
    rng = random.Random(p.seed * 1_000_003 + i)
    sec = p.sections[i * len(p.sections) // p.pages]
    cat = p.categories[sec.parent]
    title = p.titles[i]
    intro = rng.choices(p.sentences, k=rng.randint(2, 4))
    description = intro[0]
    n_text_links = rng.randint(3, 30)
    n_related = rng.randint(8, 20)
    n_side = min(rng.randint(5, 8), sec.hi - sec.lo - 1)
    siblings = [j for j in rng.sample(range(sec.lo, sec.hi), n_side + 1) if j != i][:n_side]
    related = "".join(f"<li>{_link(p, rng, i, t, related=True)}</li>" for _ in range(n_related))
    side = "".join(f'<li><a href="{p.urls[j]}">{p.titles[j]}</a></li>' for j in siblings)
    text_links = [_link(p, rng, i, t, related=False) for _ in range(n_text_links)]
    t.links += p.fixed_links + 3 + n_text_links + n_related + len(siblings)
    t.related_links += n_related
    head = (
        _head(title, description)
        + p.header
        + _breadcrumb([("Home", "/"), (cat.name, cat.url), (sec.name, sec.url)], title)
        + f'<div class="layout"><main><article class="article"><h1>{title}</h1>'
        f'<p class="meta">Updated {_lastmod(i)} &middot; {rng.randint(2, 12)} min read</p>\n'
        f'<p class="lead">{" ".join(intro)} This article covers: {title}</p>\n'
    )
    tail = (
        '<p class="feedback">Was this article helpful? <button>Yes</button> '
        "<button>No</button></p></article>\n"
        '<section class="related-articles"><h2>Recommended for You</h2>'
        f"<ul>{related}</ul></section>\n</main>"
        f'<aside class="sidebar"><h2>More in {sec.name}</h2><ul>{side}</ul></aside></div>\n'
        + p.footer
    )
    budget = int(rng.triangular(10_000, 60_000, 22_000)) - len(head) - len(tail)
    body = _body(p, rng, budget - 120 * n_text_links)
    # Spread in-text links over the paragraphs, as "see also" remarks inside the prose.
    for link in text_links:
        k = rng.randrange(len(body))
        if body[k].endswith("</p>\n"):
            body[k] = f"{body[k][:-5]} For details, see {link}.</p>\n"
        else:
            body.append(f"<p>See also {link}.</p>\n")
    return head + "".join(body) + tail


def _body(p: Plan, rng: random.Random, budget: int) -> list[str]:
    """Headed sections of paragraphs and step lists totalling about `budget` characters."""
    out: list[str] = []
    size = 0
    headings = rng.sample(site_text.H2_BANK, len(site_text.H2_BANK))
    n = 0
    while size < budget or n < 3:
        if n % 4 == 0:
            chunk = f"<h2>{headings[(n // 4) % len(headings)]}</h2>\n"
        elif n % 7 == 3:
            chunk = "<ol>" + "".join(
                f"<li>{s}</li>" for s in rng.sample(p.steps, rng.randint(3, 6))
            )
            chunk += "</ol>\n"
        else:
            chunk = f"<p>{' '.join(rng.choices(p.sentences, k=rng.randint(3, 8)))}</p>\n"
        out.append(chunk)
        size += len(chunk)
        n += 1
    return out


def _write(path: str, text: str) -> int:
    return _write_bytes(path, text.encode())


def _write_bytes(path: str, data: bytes) -> int:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
    return len(data)


def _write_articles(bounds: tuple[int, int]) -> Tally:
    """Worker task: render and write articles lo..hi-1."""
    p = _PLAN
    assert p is not None
    t = Tally()
    site = str(p.root)
    for i in range(*bounds):
        html = render_article(p, i, t).encode()
        t.bytes += len(html)
        if p.gzip:
            # mtime 0: the same bytes on every run.
            packed = gzip.compress(html, compresslevel=6, mtime=0)
            t.disk_bytes += _write_bytes(site + p.urls[i] + ".gz", packed)
        else:
            t.disk_bytes += _write_bytes(site + p.urls[i], html)
        t.pages += 1
    return t


def _hub_page(p: Plan, title: str, crumbs: list[tuple[str, str]] | None, items: list[str]) -> str:
    desc = f"Browse {title} articles in the {site_text.PRODUCT} Help Center."
    return (
        _head(title, desc)
        + p.header
        + (_breadcrumb(crumbs, title) if crumbs is not None else "")
        + f'<main class="hub"><h1>{title}</h1><p class="lead">{desc}</p>\n<ul class="list">'
        + "".join(items)
        + "</ul></main>\n"
        + p.footer
    )


def _write_hubs(p: Plan) -> Tally:
    """Home, category, section and static pages, plus the assets they reference."""
    t = Tally()
    site = p.root

    def emit(url: str, html: str, links: int) -> None:
        path = site / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
        path.parent.mkdir(parents=True, exist_ok=True)
        size = _write(str(path), html)
        t.bytes += size
        t.disk_bytes += size
        t.pages += 1
        t.links += p.fixed_links + links

    for c, cat in enumerate(p.categories):
        secs = [s for s in p.sections if s.parent == c]
        items = [f'<li><a href="{s.url}">{s.name}</a> ({s.hi - s.lo} articles)</li>' for s in secs]
        emit(cat.url, _hub_page(p, cat.name, [("Home", "/")], items), 1 + len(items))
    for sec in p.sections:
        cat = p.categories[sec.parent]
        items = [f'<li><a href="{p.urls[j]}">{p.titles[j]}</a></li>' for j in range(sec.lo, sec.hi)]
        crumbs = [("Home", "/"), (cat.name, cat.url)]
        emit(sec.url, _hub_page(p, sec.name, crumbs, items), 2 + len(items))
    popular = [s.lo for s in p.sections[:20]]
    items = [f'<li><a href="{c.url}">{c.name}</a></li>' for c in p.categories]
    items += [f'<li><a href="{p.urls[j]}">{p.titles[j]}</a></li>' for j in popular]
    emit("/", _hub_page(p, f"{site_text.PRODUCT} Help Center", None, items), len(items))
    rng = random.Random(p.seed)
    for name in STATIC_PAGES:
        text = "".join(f"<p>{s}</p>" for s in rng.choices(p.sentences, k=12))
        html = _hub_page(p, name, [("Home", "/")], []).replace('<ul class="list"></ul>', text)
        emit(_static_url(name), html, 1)
    static = site / "static"
    static.mkdir(parents=True, exist_ok=True)
    _write(str(static / "site.css"), "body{font-family:sans-serif;margin:0}.layout{display:flex}\n")
    _write(
        str(static / "logo.svg"),
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><text y="24">Acme'
        "</text></svg>\n",
    )
    return t


def _live_urls(p: Plan) -> list[tuple[str, str | None]]:
    urls: list[tuple[str, str | None]] = [("/", None)]
    urls += [(c.url, None) for c in p.categories] + [(s.url, None) for s in p.sections]
    urls += [(_static_url(n), None) for n in STATIC_PAGES]
    urls += [(u, _lastmod(i)) for i, u in enumerate(p.urls)]
    return urls


def _write_sitemaps(p: Plan, out: Path) -> int:
    """sitemap.xml (an index above SITEMAP_LIMIT URLs) and robots.txt; returns file count."""
    urls = _live_urls(p)
    chunks = [urls[k : k + SITEMAP_LIMIT] for k in range(0, len(urls), SITEMAP_LIMIT)]

    def urlset(chunk: list[tuple[str, str | None]]) -> str:
        rows = "".join(
            f"<url><loc>{ORIGIN_PLACEHOLDER}{u}</loc>"
            + (f"<lastmod>{m}</lastmod>" if m else "")
            + "</url>\n"
            for u, m in chunk
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'
        )

    if len(chunks) == 1:
        _write(str(out / "sitemap.xml"), urlset(chunks[0]))
    else:
        names = [f"sitemap-{k + 1}.xml" for k in range(len(chunks))]
        for name, chunk in zip(names, chunks, strict=True):
            _write(str(out / name), urlset(chunk))
        rows = "".join(f"<sitemap><loc>{ORIGIN_PLACEHOLDER}/{n}</loc></sitemap>\n" for n in names)
        _write(
            str(out / "sitemap.xml"),
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</sitemapindex>\n',
        )
    _write(
        str(out / "robots.txt"),
        f"User-agent: *\nDisallow: /search\n\nSitemap: {ORIGIN_PLACEHOLDER}/sitemap.xml\n",
    )
    return len(chunks) + (len(chunks) > 1)


def _redirects_conf(p: Plan) -> str:
    return "".join(
        f"location = {src} {{ return 301 {p.urls[dst]}; }}\n"
        for src, dst in zip(p.redirect_urls, p.redirect_to, strict=True)
    )


def _params(pages: int, seed: int, gzipped: bool = False) -> dict[str, int]:
    params = {"pages": pages, "seed": seed, "generator_version": GENERATOR_VERSION}
    if gzipped:
        params["gzip"] = 1  # only then: manifests of plain sites stay as they were
    return params


def load_manifest(out: Path) -> dict[str, object] | None:
    """The manifest of a generated site, or None if there is none."""
    try:
        return json.loads((out / "manifest.json").read_text())
    except (OSError, ValueError):
        return None


def is_gzipped(manifest: dict[str, object] | None) -> bool:
    """Whether a generated site's articles are stored as .html.gz files (``--gzip``)."""
    params = manifest.get("params") if manifest else None
    return isinstance(params, dict) and bool(params.get("gzip"))


def generate(
    pages: int, out: Path, seed: int = 1, workers: int | None = None, *, gzipped: bool = False
) -> dict[str, object]:
    """Generate the site into `out` unless an up-to-date one is there; return the manifest."""
    global _PLAN
    manifest = load_manifest(out)
    if manifest is not None and manifest.get("params") == _params(pages, seed, gzipped):
        return manifest
    site = out / "site"
    marker = out / ".generating"
    if site.exists():
        # Only ever delete a site tree this script wrote (finished or interrupted).
        if manifest is None and not marker.exists():
            raise SystemExit(f"{site} exists but was not made by generate_site.py; remove it")
        shutil.rmtree(site)
    (out / "manifest.json").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    marker.touch()
    started = time.perf_counter()
    (site / "articles").mkdir(parents=True)
    _PLAN = build_plan(pages, seed, site, gzipped=gzipped)
    tasks = [(lo, min(lo + CHUNK, pages)) for lo in range(0, pages, CHUNK)]
    total = _write_hubs(_PLAN)
    with multiprocessing.get_context("fork").Pool(workers or os.cpu_count()) as pool:
        for part in pool.imap_unordered(_write_articles, tasks):
            total.add(part)
    sitemaps = _write_sitemaps(_PLAN, site)
    (out / "redirects.conf").write_text(_redirects_conf(_PLAN))
    counts = asdict(total)
    counts["broken_targets"] = len(total.broken_targets)
    counts["redirect_sources_linked"] = len(total.redirect_sources)
    del counts["redirect_sources"]
    counts.update(
        articles=pages,
        hubs=len(_PLAN.categories) + len(_PLAN.sections) + 1,
        static_pages=len(STATIC_PAGES),
        redirects=len(_PLAN.redirect_urls),
        sitemaps=sitemaps,
        # Every URL a complete crawl of links should record (HTML, 404s, 301s).
        expected_urls=total.pages + len(total.broken_targets) + len(total.redirect_sources),
    )
    manifest = {
        "params": _params(pages, seed, gzipped),
        "origin_placeholder": ORIGIN_PLACEHOLDER,
        "counts": counts,
        "generate_s": round(time.perf_counter() - started, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    marker.unlink()
    _PLAN = None
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="number of article pages")
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=None, help="processes (default: all CPUs)")
    ap.add_argument("--gzip", action="store_true", help="write articles as .html.gz only")
    args = ap.parse_args(argv)
    if args.pages < 10:
        ap.error("--pages must be at least 10")
    manifest = generate(args.pages, args.out, args.seed, args.workers, gzipped=args.gzip)
    json.dump(manifest, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
