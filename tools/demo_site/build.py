"""Build the bundled demo site (site/) and its manifest of planted problems (planted.json).

Run: .venv/bin/python tools/demo_site/build.py   (deterministic; rewrites site/ entirely)

The built site is what ships (siteaudit/demo_site/site/, served by `siteaudit demo`); this
generator and planted.json stay with the tests. Every URL in it is root-relative, and its
redirects, error statuses and extra headers are the static hosts' `_redirects` and `_headers`
files, so the ordinary folder server (siteaudit/app/folder_server.py) serves it as it is.

The article text comes from the sentence banks, assembled with fixed seeds; the planted problems
come from plan.py. planted.json is derived by reading the built files back (see manifest.py),
so it describes what is really served, not what we meant to build.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ next to the generator

import plan  # noqa: E402
import render  # noqa: E402
from articles import Article, link_articles, make_articles  # noqa: E402
from plan import faq  # noqa: E402
from sections import SECTIONS, SITE_NAME  # noqa: E402

SITE_DIR = HERE.parent.parent / "siteaudit" / "demo_site" / "site"
MANIFEST = HERE / "planted.json"

# --- rendering ------------------------------------------------------------------------------


def body_html(article: Article) -> str:
    """The <article> element of an article page."""
    if article.path == plan.H1_MISSING:
        blocks: list[tuple[str, object]] = [("title-div", article.h1)]
    else:
        blocks = [("h1", article.h1)]
    for kind, value in article.blocks:
        if kind == "p":
            blocks.append(("p", " ".join(render.t(s) for s in value)))  # type: ignore[union-attr]
        elif kind == "html":
            blocks.append(("p", value))
        else:
            blocks.append((kind, value))
    return f'<article class="faq-entry">\n{render.article_body(blocks)}\n</article>'


def section_label(key: str) -> str:
    return next(label for k, label, _, _ in SECTIONS if k == key)


def render_article(article: Article) -> str:
    """A complete article page."""
    head = render.head(article.title, article.description, article.path, robots=article.robots)
    label = section_label(article.section)
    parts = [
        render.site_header(),
        render.breadcrumb(
            [("Help Centre", "/"), (label, f"/faq/{article.section}/"), (article.link_text, None)]
        ),
        '<main id="content">',
        body_html(article),
        render.cta(),
        render.related_block(article.related, article.related_style),
        render.reviews(),
        "</main>",
        render.footer(plan.CALENDAR_LINK),
    ]
    return render.page("en", head, "faq-article", parts)


def render_gbk_page(related: list[tuple[str, str]]) -> bytes:
    """The legacy page: GBK bytes, declared in the markup and (via _headers) the header."""
    spec = plan.GBK_PAGE
    head = render.head(spec["title"], spec["description"], plan.LEGACY_ENCODING, charset="gbk")
    blocks: list[tuple[str, object]] = [("h1", spec["title"])]
    for kind, value in spec["blocks"]:
        blocks.append((kind, render.t(value) if kind == "p" else value))
    parts = [
        render.site_header(),
        render.breadcrumb(
            [
                ("Help Centre", "/"),
                (section_label("customs"), "/faq/customs/"),
                (spec["title"], None),
            ]
        ),
        '<main id="content">',
        f'<article class="faq-entry">\n{render.article_body(blocks)}\n</article>',
        render.cta(),
        render.related_block(related, "section"),
        render.reviews(),
        "</main>",
        render.footer(plan.CALENDAR_LINK),
    ]
    return render.page("zh-CN", head, "faq-article", parts).encode("gbk")


def render_simple(
    path: str,
    title: str,
    paragraphs: list[str],
    links: list[tuple[str, str]],
    body_class: str = "page",
) -> str:
    """Home, hub and information pages: a heading, some text and a list of links."""
    head = render.head(title, paragraphs[0][:160], path)
    items = "\n".join(f'<li><a href="{render.e(h)}">{render.t(x)}</a></li>' for h, x in links)
    listing = f'<ul class="article-list">\n{items}\n</ul>' if links else ""
    text = "\n".join(f"<p>{render.t(p)}</p>" for p in paragraphs)
    parts = [
        render.site_header(),
        '<main id="content">',
        f"<h1>{render.t(title)}</h1>\n{text}\n{listing}",
        render.reviews() if body_class == "hub" else "",
        "</main>",
        render.footer(plan.CALENDAR_LINK),
    ]
    return render.page("en", head, body_class, [p for p in parts if p])


# --- writing --------------------------------------------------------------------------------


def write(path: str, content: str | bytes) -> None:
    target = SITE_DIR / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    target.write_bytes(data)


def build() -> None:
    """Rebuild site/ and planted.json from scratch."""
    import manifest  # lxml is only needed when building

    if SITE_DIR.exists():
        shutil.rmtree(SITE_DIR)
    articles = make_articles()
    link_articles(articles)
    gbk_related = [
        (p, a.link_text)
        for p, a in list(articles.items())
        if a.section == "customs" and p not in {plan.ORPHAN}
    ][:9]

    for article in articles.values():
        write(article.path, render_article(article))
    write(plan.LEGACY_ENCODING, render_gbk_page(gbk_related))

    hub_pages: dict[str, str] = {}
    for key, _label, hub_title, intro in SECTIONS:
        listed = [(a.path, a.link_text) for a in articles.values() if a.section == key and a.on_hub]
        if key == "customs":
            listed.insert(3, (plan.LEGACY_ENCODING, plan.GBK_PAGE["title"]))
        hub_pages[f"/faq/{key}/"] = hub_title
        write(f"/faq/{key}/", render_simple(f"/faq/{key}/", hub_title, [intro], listed, "hub"))

    popular = [
        faq("sea", "lcl-or-fcl-which-to-choose"),
        faq("customs", "hs-codes-explained"),
        faq("fba", "fba-carton-labels"),
        faq("delivery", "lost-parcel-claims"),
        faq("warehouse", "how-overseas-warehousing-works"),
        faq("cod", "cod-countries"),
    ]
    home_links = [(f"/faq/{k}/", t) for k, _, t, _ in SECTIONS]
    home_links += [(p, articles[p].link_text) for p in popular]
    write(
        "/",
        render_simple(
            "/",
            f"{SITE_NAME} Help Centre",
            [
                "Answers to the questions importers and online sellers ask us most, from booking a "
                "container to collecting cash at the door.",
                "Pick a topic below, or contact our team if your question is not covered.",
            ],
            home_links,
            "home",
        ),
    )
    for path, title, text in INFO_PAGES:
        write(path, render_simple(path, title, text, []))
    for path, title in plan.INTERNAL_PAGES.items():
        write(
            path,
            render_simple(
                path,
                title,
                [
                    "For Harbourline staff and contracted partners only. Figures on this page are "
                    "reviewed every quarter and must not be shared with customers."
                ],
                [],
            ),
        )
    write(
        faq("cod", "cod-rates-2023"),
        render_simple(
            faq("cod", "cod-rates-2023"),
            "COD Rates for 2023",
            [
                "This article has been withdrawn. Current fees are listed on our cash on delivery "
                "pages."
            ],
            [("/faq/cod/", "Cash on Delivery Questions")],
        ),
    )
    write_support_files(articles, hub_pages)
    manifest.write_manifest(SITE_DIR, MANIFEST, articles, hub_pages)


INFO_PAGES = [
    (
        "/about/",
        "About Harbourline Freight",
        [
            "Harbourline Freight moves goods for online sellers and importers from factories in "
            "China to warehouses and doorsteps in Europe, North America and Oceania.",
            "We run our own consolidation warehouses in Shenzhen and Ningbo and work with "
            "partner warehouses in twelve countries.",
        ],
    ),
    (
        "/contact/",
        "Contact Harbourline Freight",
        [
            "Write to our support team through your account, or call us on working days between "
            "nine and six.",
            "For quotes, send us your carton list, the pickup address and the destination.",
        ],
    ),
    (
        "/privacy/",
        "Privacy Notice",
        [
            "We use the personal data in your shipments only to move, clear and deliver them, and "
            "we keep it for as long as the law requires.",
            "You can ask for a copy of the data we hold about you at any time.",
        ],
    ),
]


def write_support_files(articles: dict[str, Article], hub_pages: dict[str, str]) -> None:
    """robots.txt, sitemaps, _redirects, _headers, the calendar, images and the stylesheet."""
    write("/robots.txt", "User-agent: *\nDisallow: /internal/\n\nSitemap: /sitemap_index.xml\n")
    rng = random.Random(f"{plan.SEED}:sitemap")

    def urlset(paths: list[str]) -> str:
        rows = "".join(
            f"  <url>\n    <loc>{p}</loc>\n"
            f"    <lastmod>2026-0{rng.randint(1, 3)}-{rng.randint(10, 28)}</lastmod>\n  </url>\n"
            for p in paths
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{rows}</urlset>\n"
        )

    article_paths = [*articles, plan.LEGACY_ENCODING]
    write("/sitemap-sections.xml", urlset(["/", *hub_pages]))
    write("/sitemap-articles.xml", urlset(article_paths))
    write(
        "/sitemap_index.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "  <sitemap><loc>/sitemap-sections.xml</loc></sitemap>\n"
        "  <sitemap><loc>/sitemap-articles.xml</loc></sitemap>\n"
        "</sitemapindex>\n",
    )
    rules = ["# The demo's planted detours and failures (tools/demo_site/plan.py)."]
    rules += [f"{a}  {b}  {s}" for a, b, s in plan.REDIRECTS]
    # Forced (!): cod-rates-2023.html exists and still answers 410 Gone.
    rules += [f"{p}  {p}  {s}!" for p, s in plan.STATUS_PAGES.items()]
    rules.append(f"{plan.CALENDAR_TRAP}  month=:month  {plan.CALENDAR_PAGES}:month.html  200")
    write("/_redirects", "\n".join(rules) + "\n")
    headers = {
        plan.LEGACY_ENCODING: "Content-Type: text/html; charset=gbk",
        plan.NOINDEX_HEADER: "X-Robots-Tag: noindex",
    }
    write("/_headers", "".join(f"{path}\n  {header}\n" for path, header in headers.items()))
    month = plan.CALENDAR_FIRST
    for _ in range(plan.CALENDAR_MONTHS):
        write(f"{plan.CALENDAR_PAGES}{month}.html", render.calendar_page(plan.CALENDAR_TRAP, month))
        month = render.shift_month(month, 1)
    for name, shapes in render.SVG_SHAPES.items():
        write(f"/img/{name}.svg", render.SVG.format(shapes=shapes))
    write("/img/logo.svg", render.LOGO_SVG)
    write("/static/site.css", render.CSS)


if __name__ == "__main__":
    build()
