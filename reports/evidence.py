"""Evidence as a reader sees it: a few short lines per finding, from a template per evidence type.

Each check declares the shape of its evidence in the registry (``CheckSpec.evidence``, one of
``EVIDENCE_TYPES``); ``EVIDENCE_TEMPLATES`` turns that shape into sentences and short lists.
A line is plain text, or ``[text, url]`` for a sentence ending in a URL the report links to
(and offers to inspect). Unknown keys still read as "label: value", never as JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

Line = str | list[str]  # text, or [text, url]
Evidence = Mapping[str, object]

LIST_SHOWN = 5  # list items shown per line group; the rest are counted


def _s(n: object, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _text(value: object) -> str:
    """Any evidence value as words: lists joined, mappings as "name value" pairs."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        shown = ", ".join(_text(v) for v in value[:LIST_SHOWN])
        return shown + (f" and {len(value) - LIST_SHOWN} more" if len(value) > LIST_SHOWN else "")
    if isinstance(value, Mapping):
        return ", ".join(f"{k.replace('_', ' ')} {_text(v)}" for k, v in value.items())
    return str(value)


def _url_lines(label: str, urls: object) -> list[Line]:
    items = [u for u in urls if isinstance(u, str)] if isinstance(urls, list) else []
    lines: list[Line] = [label] if items else []
    lines += [["", u] for u in items[:LIST_SHOWN]]
    if len(items) > LIST_SHOWN:
        lines.append(f"… and {len(items) - LIST_SHOWN} more")
    return lines


def _where(e: Evidence) -> list[Line]:
    """Anchor, region, position and source line of a link."""
    parts = []
    if e.get("anchor"):
        parts.append(f"anchor “{e['anchor']}”")
    elif "anchor" in e:
        parts.append("no anchor text")
    if e.get("region"):
        parts.append(f"in the {e['region']} region")
    if e.get("related_number"):
        parts.append(f"related link {e['related_number']}")
    elif e.get("position") is not None:
        parts.append(f"link {int(str(e['position'])) + 1} on the page")
    if e.get("line"):
        parts.append(f"source line {e['line']}:{e.get('column') or 1}")
    return [", ".join(parts).capitalize() + "."] if parts else []


def _answer(e: Evidence) -> list[Line]:
    if e.get("error"):
        return [f"Fails: {e['error']}."]
    if e.get("status"):
        return [f"Answers HTTP {e['status']}."]
    return []


def _link(e: Evidence) -> list[Line]:
    return _answer(e) + _where(e)


def _link_redirect(e: Evidence) -> list[Line]:
    hops = e.get("hops")
    lines: list[Line] = []
    if isinstance(hops, list) and hops:
        lines.append(f"Redirects {_s(max(1, len(hops) - 1), 'time')}.")
    if isinstance(e.get("final"), str):
        lines.append(["Ends at ", str(e["final"])])
    return lines + _where(e)


def _link_robots(e: Evidence) -> list[Line]:
    return ["robots.txt disallows the target, so search engines never read it.", *_where(e)]


def _link_too_long(e: Evidence) -> list[Line]:
    length, limit = e.get("length"), e.get("limit")
    return [f"The URL is {length} characters long; the limit is {limit}.", *_where(e)]


def _link_fragment(e: Evidence) -> list[Line]:
    return [f"The target has no element with id “{e.get('fragment')}”.", *_where(e)]


def _redirect_path(e: Evidence) -> list[Line]:
    lines = _url_lines("Hops:", e.get("hops"))
    if isinstance(e.get("final"), str):
        lines.append(["Ends at ", str(e["final"])])
    return lines


def _url_status(e: Evidence) -> list[Line]:
    lines = _answer(e)
    if isinstance(e.get("sitemap"), str):
        lines.append(["Listed in the sitemap ", str(e["sitemap"])])
    return lines


def _sitemap_listing(e: Evidence) -> list[Line]:
    if isinstance(e.get("sitemap"), str):
        return [["Listed only in the sitemap ", str(e["sitemap"])]]
    return []


_ATTRIBUTE_SENTENCES = {
    "via": "Set by {}.",
    "encoding": "Declared character encoding: {}.",
    "h1": "H1: {}.",
    "title": "Title: {}.",
    "canonical": "Canonical: {}.",
}


def _page_attribute(e: Evidence) -> list[Line]:
    lines: list[Line] = []
    for key, value in e.items():
        if key == "h1" and isinstance(value, list):
            lines.append(f"{_s(len(value), 'H1')}: " + "; ".join(f"“{v}”" for v in value) + ".")
        elif key == "h1":
            lines.append(f"The H1 reads “{value}”.")
        else:
            sentence = _ATTRIBUTE_SENTENCES.get(key, key.replace("_", " ").capitalize() + ": {}.")
            lines.append(sentence.format(_text(value)))
    return lines


def _title_h1(e: Evidence) -> list[Line]:
    lines: list[Line] = [f"Title: “{e.get('title')}”.", f"H1: “{e.get('h1')}”."]
    if e.get("title_words"):
        lines.append(f"Only in the title: {_text(e['title_words'])}.")
    if e.get("h1_words"):
        lines.append(f"Only in the H1: {_text(e['h1_words'])}.")
    return lines


def _images(e: Evidence) -> list[Line]:
    return _url_lines("Images concerned:", e.get("images"))


def _page_group(e: Evidence) -> list[Line]:
    count = e.get("others_count")
    others = e.get("others")
    n = count if isinstance(count, int) else len(others) if isinstance(others, list) else 0
    lines = _url_lines(f"Shared with {_s(n, 'other page')}:", others)
    if e.get("similarity") is not None:
        lines.insert(0, f"Similarity {_percent(e['similarity'])}.")
    if e.get("titles"):
        lines.append(f"Their titles: {_text(e['titles'])}.")
    return lines


def _percent(value: object) -> str:
    return f"{float(value) * 100:.0f}%" if isinstance(value, int | float) else _text(value)


def _text_diff(e: Evidence) -> list[Line]:
    lines: list[Line] = []
    if isinstance(e.get("other"), str):
        lines.append(["Compared with ", str(e["other"])])
    if e.get("similarity") is not None:
        lines.append(f"Similarity {_percent(e['similarity'])}.")
    for key, label in (("only_here", "Only on this page"), ("only_there", "Only on the other")):
        items = e.get(key)
        if isinstance(items, list) and items:
            lines.append(f"{label}: " + " · ".join(f"“{s}”" for s in items[:3]))
            if len(items) > 3:
                lines.append(f"… and {len(items) - 3} more sentences")
    return lines


def _length(e: Evidence) -> list[Line]:
    limits = []
    if e.get("min") is not None:
        limits.append(f"at least {e['min']}")
    if e.get("max") is not None:
        limits.append(f"at most {e['max']}")
    return [f"{e.get('length')} characters; expected {' and '.join(limits) or 'another length'}."]


def _word_count(e: Evidence) -> list[Line]:
    return [f"{e.get('words')} words of its own; at least {e.get('min')} expected."]


def _crawl_event(e: Evidence) -> list[Line]:
    return [f"{str(e.get('kind') or 'event').replace('-', ' ').capitalize()}: {e.get('detail')}"]


def _term(e: Evidence) -> list[Line]:
    count = e.get("count") or 1
    lines: list[Line] = [
        f"“{e.get('variant')}” written instead of “{e.get('preferred')}”, {_s(count, 'time')}."
    ]
    snippets = e.get("snippets")
    if isinstance(snippets, list) and len(snippets) > 1:  # one: the Context column shows it
        lines += [str(s) for s in snippets[:LIST_SHOWN]]
    return lines


def _inbound(e: Evidence) -> list[Line]:
    lines: list[Line] = []
    if e.get("linked_from") is not None:
        lines.append(f"Linked from {_s(e['linked_from'], 'page')}, all through navigation.")
    rest = {k: v for k, v in e.items() if k != "linked_from"}
    return lines + _generic(rest)


def _click_path(e: Evidence) -> list[Line]:
    lines: list[Line] = []
    if e.get("depth") is not None:
        lines.append(f"{_s(e['depth'], 'click')} from the start page.")
    lines += _url_lines("Shortest path:", e.get("path"))
    rest = {k: v for k, v in e.items() if k not in ("depth", "path")}
    return lines + _generic(rest)


def _outgoing(e: Evidence) -> list[Line]:
    if e.get("outgoing") is not None:
        return [f"{_s(e['outgoing'], 'link')} lead on, none of them in the page's own content."]
    return _generic(e)


def _link_score(e: Evidence) -> list[Line]:
    lines: list[Line] = [f"Link score {e.get('score')}, {_s(e.get('inbound'), 'inbound link')}."]
    sources = e.get("suggested_sources")
    if isinstance(sources, list) and sources:
        lines.append("Similar pages that could link here:")
        for s in sources[:LIST_SHOWN]:
            if isinstance(s, Mapping) and isinstance(s.get("url"), str):
                lines.append([f"{_percent(s.get('similarity'))} similar: ", str(s["url"])])
    return lines


def _similarity(e: Evidence) -> list[Line]:
    return [f"The linked page is {_percent(e.get('similarity'))} similar in its words."]


def _structured_error(e: Evidence) -> list[Line]:
    return [f"The {e.get('format') or 'structured data'} block cannot be read: {e.get('error')}."]


def _structured_properties(e: Evidence) -> list[Line]:
    missing = e.get("missing")
    names = [str(m) for m in missing] if isinstance(missing, list) else []
    level = e.get("level") or "required"
    noun = f"{level} property" if len(names) == 1 else f"{level} properties"
    lines: list[Line] = [f"{e.get('type')} markup ({e.get('format')}) lacks {len(names)} {noun}:"]
    return lines + names[:LIST_SHOWN]


def _faq_hidden(e: Evidence) -> list[Line]:
    hidden = e.get("hidden")
    texts = [str(h) for h in hidden] if isinstance(hidden, list) else []
    noun = "question or answer" if len(texts) == 1 else "questions or answers"
    return [f"{len(texts)} {noun} marked up but not shown on the page:", *texts[:LIST_SHOWN]]


def _faq_duplicate(e: Evidence) -> list[Line]:
    questions = e.get("questions")
    texts = [str(q) for q in questions] if isinstance(questions, list) else []
    lines: list[Line] = [f"{_s(len(texts), 'question')} also marked up on other pages:"]
    lines += texts[:LIST_SHOWN]
    return lines + _url_lines("Marked up first on:", e.get("others"))


def _generic(e: Evidence) -> list[Line]:
    lines: list[Line] = []
    for key, value in e.items():
        if value is None or key in ("target",):
            continue
        label = key.replace("_", " ").capitalize()
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            lines.append([f"{label}: ", value])
        elif (
            isinstance(value, list)
            and value
            and all(isinstance(v, str) and v.startswith(("http://", "https://")) for v in value)
        ):
            lines += _url_lines(f"{label}:", value)
        else:
            lines.append(f"{label}: {_text(value)}.")
    return lines


EVIDENCE_TEMPLATES: dict[str, Callable[[Evidence], list[Line]]] = {
    "none": lambda e: _generic(e),
    "link": _link,
    "link-redirect": _link_redirect,
    "link-robots": _link_robots,
    "link-too-long": _link_too_long,
    "link-fragment": _link_fragment,
    "redirect-path": _redirect_path,
    "url-status": _url_status,
    "sitemap-listing": _sitemap_listing,
    "page-attribute": _page_attribute,
    "title-h1": _title_h1,
    "images": _images,
    "page-group": _page_group,
    "text-diff": _text_diff,
    "length": _length,
    "canonical": _generic,
    "word-count": _word_count,
    "crawl-event": _crawl_event,
    "structured-data-error": _structured_error,
    "structured-data-properties": _structured_properties,
    "faq-hidden": _faq_hidden,
    "faq-duplicate": _faq_duplicate,
    "term": _term,
    "inbound-links": _inbound,
    "click-path": _click_path,
    "outgoing-links": _outgoing,
    "related-list": _generic,
    "link-canonical": _generic,
    "similarity": _similarity,
    "cluster": _generic,
    "link-score": _link_score,
    "previous-crawl": _generic,
    "render-facts": _generic,
}


def evidence_lines(evidence_type: str, evidence: Evidence) -> list[Line]:
    """The finding's evidence as lines for people (the target has its own column)."""
    template = EVIDENCE_TEMPLATES.get(evidence_type, _generic)
    try:
        return template(evidence)
    except (TypeError, ValueError):
        # evidence of an older shape (a store from another version): still words
        return _generic(evidence)
