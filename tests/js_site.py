"""A help centre built by JavaScript, for rendering tests and the rendering benchmark.

Every page loads /assets/nav.js, which builds the contents tree from /assets/tree.json, and
carries a <noscript> meta refresh to /noscript.html. Help articles (/help/<section>/) have
their text in the HTML; knowledge-base articles (/kb/) get their body and related links
from /kb/data/<n>.json through /assets/article.js. The home page also has a `javascript:`
link, an onclick-only <a> and a clickable <span>. Only / and /about.html are linked in the
raw HTML: a crawler that does not render finds nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path

NAV_JS = """
fetch('/assets/tree.json').then(r => r.json()).then(tree => {
  const here = document.body.dataset.section;
  const nav = document.getElementById('tree');
  const ul = document.createElement('ul');
  for (const section of tree.sections) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = section.url; a.textContent = section.title;
    li.appendChild(a);
    if (section.id === here || section.id === 'kb' || here === 'home') {
      const sub = document.createElement('ul');
      for (const article of section.articles) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = article.url; link.textContent = article.title;
        item.appendChild(link); sub.appendChild(item);
      }
      li.appendChild(sub);
    }
    ul.appendChild(li);
  }
  nav.appendChild(ul);
});
"""

ARTICLE_JS = """
const box = document.getElementById('article');
fetch(box.dataset.src).then(r => r.json()).then(data => {
  const h2 = document.createElement('h2'); h2.textContent = data.heading; box.appendChild(h2);
  for (const text of data.paragraphs) {
    const p = document.createElement('p'); p.textContent = text; box.appendChild(p);
  }
  const ul = document.createElement('ul');
  for (const url of data.related) {
    const li = document.createElement('li'); const a = document.createElement('a');
    a.href = url; a.textContent = 'Related: ' + url; li.appendChild(a); ul.appendChild(li);
  }
  box.appendChild(ul);
});
"""

_WORDS = (
    "configure your account settings before inviting colleagues to the shared workspace "
    "then review billing details export reports weekly and contact support when invoices "
    "look wrong because every team needs clear permissions audit trails and backups"
).split()
NOSCRIPT = "/noscript.html"


# A 1x1 transparent PNG.
LOGO_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _text(seed: int, words: int) -> str:
    return " ".join(_WORDS[(seed * 7 + i * 3) % len(_WORDS)] for i in range(words))


def _page(title: str, section: str, main: str, scripts: tuple[str, ...] = ("nav.js",)) -> str:
    tags = "".join(f"<script src='/assets/{s}'></script>" for s in scripts)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta name='description' content='About {title}.'>"
        f"<noscript><meta http-equiv='refresh' content='0; URL={NOSCRIPT}'></noscript>"
        # The logo is one of the images the renderer blocks: blocking is not a page error.
        f"</head><body data-section='{section}'><img src='/assets/logo.png' alt='Help'>"
        "<nav id='tree'></nav>"
        f"<main><h1>{title}</h1>{main}</main>{tags}</body></html>"
    )


def write_js_site(root: Path, sections: int = 2, per_section: int = 5, kb: int = 5) -> int:
    """Write the help centre under ``root``; the number of HTML pages a renderer can reach."""
    (root / "assets").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "nav.js").write_text(NAV_JS, encoding="utf-8")
    (root / "assets" / "logo.png").write_bytes(LOGO_PNG)
    (root / "assets" / "article.js").write_text(ARTICLE_JS, encoding="utf-8")
    tree: list[dict[str, object]] = []
    pages = 0
    for s in range(sections):
        sid = f"s{s}"
        folder = root / "help" / sid
        folder.mkdir(parents=True, exist_ok=True)
        articles = [
            {"url": f"/help/{sid}/a{a}.html", "title": f"Help {s}.{a}"} for a in range(per_section)
        ]
        tree.append(
            {"id": sid, "url": f"/help/{sid}/", "title": f"Section {s}", "articles": articles}
        )
        (folder / "index.html").write_text(
            _page(f"Section {s}", sid, f"<p>{_text(s, 40)}</p>"), encoding="utf-8"
        )
        pages += 1
        for a in range(per_section):
            body = f"<p>{_text(s * 100 + a, 120)}</p>"
            (folder / f"a{a}.html").write_text(_page(f"Help {s}.{a}", sid, body), encoding="utf-8")
            pages += 1
    kb_articles = [{"url": f"/kb/k{k}.html", "title": f"KB {k}"} for k in range(kb)]
    tree.append(
        {"id": "kb", "url": "/kb/k0.html", "title": "Knowledge base", "articles": kb_articles}
    )
    (root / "kb" / "data").mkdir(parents=True, exist_ok=True)
    for k in range(kb):
        data = {
            "heading": f"KB {k} in detail",
            "paragraphs": [_text(k * 31 + p, 60) for p in range(3)],
            "related": [f"/kb/k{(k + 1) % kb}.html", f"/kb/k{(k + 2) % kb}.html"],
        }
        (root / "kb" / "data" / f"{k}.json").write_text(json.dumps(data), encoding="utf-8")
        main = f"<div id='article' data-src='/kb/data/{k}.json'></div>"
        (root / "kb" / f"k{k}.html").write_text(
            _page(f"KB {k}", "kb", main, ("nav.js", "article.js")), encoding="utf-8"
        )
        pages += 1
    (root / "assets" / "tree.json").write_text(json.dumps({"sections": tree}), encoding="utf-8")
    home = (
        f"<p>{_text(999, 60)}</p><p><a href='/about.html'>About us</a> "
        "<a href='javascript:openChat()'>Chat with us</a> "
        "<a onclick=\"location.href='/promo.html'\">Spring offer</a> "
        "<span onclick=\"location.href='/contact.html'\">Contact</span></p>"
    )
    (root / "index.html").write_text(_page("Help centre", "home", home), encoding="utf-8")
    about = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>About</title>"
        "</head><body><main><h1>About</h1><p>We help.</p><a href='/'>Home</a></main></body></html>"
    )
    (root / "about.html").write_text(about, encoding="utf-8")
    noscript = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Enable JavaScript"
        "</title></head><body><main><h1>Please enable JavaScript</h1></main></body></html>"
    )
    (root / "noscript.html").write_text(noscript, encoding="utf-8")
    return pages + 2  # home and about
