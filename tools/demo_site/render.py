"""HTML templates of the demo site, written the way a small CMS would emit them."""

from __future__ import annotations

from html import escape

from sections import SECTIONS, SITE_NAME

REVIEWS = [
    (
        "Our first container to Rotterdam arrived two days early, and we got an update at every "
        "step.",
        "Marta K., home textiles seller",
    ),
    (
        "Clear quotes and no surprises on the invoice. All our FBA prep runs through them now.",
        "Daniel O., kitchenware brand",
    ),
    (
        "Their returns handling saved us from shipping hundreds of items back to the factory.",
        "Priya S., apparel shop",
    ),
    (
        "Customs questions get answered the same day, even in the busy season.",
        "Tomasz W., electronics importer",
    ),
]

IMAGES = {
    "container": ("/img/containers.svg", "Stacked shipping containers at a port terminal"),
    "pallet": ("/img/pallet.svg", "Cartons stacked and wrapped on a wooden pallet"),
    "warehouse": ("/img/warehouse.svg", "Rows of shelving inside a fulfilment warehouse"),
    "truck": ("/img/truck.svg", "Delivery truck at a loading dock"),
    "parcel": ("/img/parcel.svg", "Labelled parcel ready for collection"),
    "customs": ("/img/customs.svg", "Customs declaration form with a stamp"),
}


def e(text: str) -> str:
    """Escape text for an HTML attribute."""
    return escape(text, quote=True)


def t(text: str) -> str:
    """Escape text for HTML content (quotes stay as typed, as most CMSs leave them)."""
    return escape(text, quote=False)


def head(
    title: str | None,
    description: str | None,
    canonical: str,
    charset: str = "utf-8",
    robots: str | None = None,
) -> str:
    """The <head> element."""
    lines = [
        f'<meta charset="{charset}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ]
    if title is not None:
        lines.append(f"<title>{t(title)}</title>")
    if description is not None:
        lines.append(f'<meta name="description" content="{e(description)}">')
    if robots:
        lines.append(f'<meta name="robots" content="{robots}">')
    # Root-relative, like every URL of the demo: the port is only known when it is served.
    lines.append(f'<link rel="canonical" href="{canonical}">')
    lines.append('<link rel="stylesheet" href="/static/site.css">')
    return "<head>\n" + "\n".join(lines) + "\n</head>"


def site_header() -> str:
    """Logo and main menu, identical on every page."""
    items = "\n".join(
        f'<li><a href="/faq/{key}/">{t(label)}</a></li>' for key, label, _, _ in SECTIONS
    )
    return (
        '<header class="site-header">\n'
        f'<a class="logo" href="/"><img src="/img/logo.svg" alt="{SITE_NAME}" width="180" '
        'height="40"></a>\n'
        f'<nav class="main-menu" aria-label="Main menu">\n<ul>\n{items}\n</ul>\n</nav>\n'
        "</header>"
    )


def breadcrumb(trail: list[tuple[str, str | None]]) -> str:
    """A breadcrumb; the last entry has no link."""
    parts = []
    for label, href in trail:
        if href:
            parts.append(f'<li><a href="{href}">{t(label)}</a></li>')
        else:
            parts.append(f'<li aria-current="page">{t(label)}</li>')
    return (
        '<nav class="breadcrumb" aria-label="Breadcrumb">\n<ol>\n'
        + "\n".join(parts)
        + "\n</ol>\n</nav>"
    )


def cta() -> str:
    """The contact call-to-action under every article."""
    return (
        '<div class="cta">\n<h2>Still have questions?</h2>\n'
        "<p>Our logistics advisers reply within one working day. "
        '<a href="/contact/">Contact us</a></p>\n</div>'
    )


def related_block(links: list[tuple[str, str]], style: str) -> str:
    """The "Recommended for You" list, in one of the three markups the CMS themes use."""
    items = "\n".join(f'<li><a href="{e(href)}">{t(text)}</a></li>' for href, text in links)
    if style == "box":
        return (
            f'<div class="box">\n<h3 class="box-title">Recommended for You</h3>\n'
            f"<ul>\n{items}\n</ul>\n</div>"
        )
    if style == "aside":
        return (
            f'<aside class="related-articles">\n<h2>Recommended for You</h2>\n'
            f"<ul>\n{items}\n</ul>\n</aside>"
        )
    return (
        f'<section class="recommend">\n<h2>Recommended for You</h2>\n'
        f"<ul>\n{items}\n</ul>\n</section>"
    )


def reviews() -> str:
    """The customer reviews template block, identical on every page."""
    quotes = "\n".join(
        f'<blockquote class="review"><p>{t(text)}</p><cite>{t(who)}</cite></blockquote>'
        for text, who in REVIEWS
    )
    return f'<section class="reviews">\n<h2>Customer Reviews</h2>\n{quotes}\n</section>'


def footer(calendar_link: str) -> str:
    """Footer links and copyright, identical on every page."""
    return (
        '<footer class="site-footer">\n<ul class="footer-links">\n'
        '<li><a href="/about/">About us</a></li>\n'
        '<li><a href="/contact/">Contact</a></li>\n'
        '<li><a href="/privacy/">Privacy</a></li>\n'
        f'<li><a href="{e(calendar_link)}">Events and webinars</a></li>\n'
        "</ul>\n"
        f"<p>&copy; 2026 {SITE_NAME} Ltd. All rights reserved.</p>\n</footer>"
    )


def article_body(blocks: list[tuple[str, object]]) -> str:
    """The inside of <article>: headings, paragraphs (may hold <a> markup), lists, images."""
    out = []
    for kind, value in blocks:
        if kind in {"h1", "h2"}:
            out.append(f"<{kind}>{t(str(value))}</{kind}>")
        elif kind == "title-div":
            out.append(f'<div class="article-title">{t(str(value))}</div>')
        elif kind == "p":
            out.append(f"<p>{value}</p>")  # already escaped, may contain links
        elif kind == "ul":
            out.append("<ul>\n" + "\n".join(f"<li>{t(i)}</li>" for i in value) + "\n</ul>")
        elif kind == "img":
            src, alt = value
            alt_attr = "" if alt is None else f' alt="{e(alt)}"'
            out.append(f'<figure><img src="{src}"{alt_attr} width="640" height="360"></figure>')
    return "\n".join(out)


def page(lang: str, head_html: str, body_class: str, parts: list[str]) -> str:
    """A whole HTML document."""
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n{head_html}\n<body class="{body_class}">\n'
        f"{body}\n</body>\n</html>\n"
    )


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">'
    '<rect width="640" height="360" fill="#e8eef3"/>{shapes}</svg>\n'
)
SVG_SHAPES = {
    "containers": '<rect x="80" y="180" width="220" height="90" fill="#c0392b"/>'
    '<rect x="320" y="180" width="220" height="90" fill="#2471a3"/>'
    '<rect x="200" y="85" width="220" height="90" fill="#1e8449"/>',
    "pallet": '<rect x="200" y="270" width="240" height="20" fill="#a0522d"/>'
    '<rect x="215" y="150" width="100" height="120" fill="#d4a373"/>'
    '<rect x="325" y="150" width="100" height="120" fill="#c8965f"/>',
    "warehouse": '<rect x="60" y="80" width="30" height="220" fill="#566573"/>'
    '<rect x="300" y="80" width="30" height="220" fill="#566573"/>'
    '<rect x="540" y="80" width="30" height="220" fill="#566573"/>',
    "truck": '<rect x="120" y="150" width="280" height="120" fill="#f4f6f7" stroke="#333"/>'
    '<rect x="400" y="190" width="100" height="80" fill="#2e86c1"/>'
    '<circle cx="180" cy="280" r="22"/><circle cx="440" cy="280" r="22"/>',
    "parcel": '<rect x="220" y="110" width="200" height="160" fill="#d4a373"/>'
    '<rect x="260" y="150" width="120" height="60" fill="#fff"/>',
    "customs": '<rect x="210" y="60" width="220" height="260" fill="#fff" stroke="#333"/>'
    '<circle cx="370" cy="260" r="35" fill="none" stroke="#c0392b" stroke-width="6"/>',
}

LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="40" viewBox="0 0 180 40">'
    '<rect width="40" height="40" rx="6" fill="#1f4e79"/>'
    '<text x="48" y="27" font-family="sans-serif" font-size="16" fill="#1f4e79">'
    f"{SITE_NAME}</text></svg>\n"
)

CSS = """body{font-family:sans-serif;margin:0;color:#222;line-height:1.5}
.site-header,.breadcrumb,main,.site-footer{max-width:60rem;margin:0 auto;padding:0 1rem}
.main-menu ul,.breadcrumb ol,.footer-links{list-style:none;padding:0;display:flex;gap:1rem;
flex-wrap:wrap}
.cta,.recommend,.box,.related-articles,.reviews{border-top:1px solid #ccc;margin-top:2rem}
.review{margin:1rem 0;font-style:italic}
figure img{max-width:100%;height:auto}
"""


def shift_month(month: str, delta: int) -> str:
    """``YYYY-MM`` moved by ``delta`` months."""
    year, mon = (int(part) for part in month.split("-"))
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def calendar_page(path: str, month: str) -> str:
    """An events page for one month, linking to the months either side (the query trap)."""
    prev_month, next_month = shift_month(month, -1), shift_month(month, 1)
    year, mon = month.split("-")
    # A few invented events whose days depend on the month, so pages are not all identical.
    seed = int(year) * 12 + int(mon)
    events = "".join(
        f"<li>{(seed * (i + 3)) % 27 + 1:02d} {month}: {e(name)}</li>"
        for i, name in enumerate(("Customs clinic (online)", "Warehouse open day", "FBA Q&A hour"))
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Events calendar {month}</title>"
        f'<meta name="description" content="Webinars, clinics and open days in {month}.">'
        "</head><body><main>"
        f"<h1>Events in {month}</h1><ul>{events}</ul>"
        f'<p><a href="{e(path)}?month={prev_month}">Previous month</a> | '
        f'<a href="{e(path)}?month={next_month}">Next month</a></p>'
        "</main></body></html>\n"
    )
