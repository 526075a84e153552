"""The editor's view of findings: per page, numbered fixes in plain language, by site section.

Editors do not think in check ids. Each finding becomes one sentence saying what to change
("Replace 'Ka Pai' with 'Kapai' (3 times)", "Related link 4 goes to a 404: remove it or
replace it"), plus the text in context. Checks this module does not know still get a
sentence, built from the finding's message and fix, so new checks need no change here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from siteaudit.core.checks import check_spec
from siteaudit.core.records import Finding, Page, Severity

SECTION_SPLIT_AT = 60  # a section with more pages than this is split by its next path segment
MAX_SECTION_DEPTH = 3


@dataclass(frozen=True, slots=True)
class EditorFix:
    """One thing to change on one page, said the way an editor would say it."""

    number: int  # 1-based within its page
    check: str
    severity: str
    action: str  # the sentence: what to change
    context: str | None  # the text in context, when the finding has one
    target: str | None  # the link or URL the fix is about, if any
    element: str | None = None  # where on the page: "Title", "H1", "Link text", "Body text"...
    quotes: tuple[str, ...] = ()  # every occurrence quoted, "(3 times)" shows three
    occurrences: int = 0  # how many there are (more than quoted when the analysis capped them)
    others: tuple[tuple[str, str], ...] = ()  # (url, title or url) of the pages it shares text with


@dataclass(frozen=True, slots=True)
class EditorPage:
    """A page with its fixes, as listed in the editor view.

    The fixes are phrased each time they are asked for, from the page's findings: a large
    site has hundreds of thousands (~1 KB each), and holding them all at once was the
    report's peak memory. The editor files and the worklist each ask once per page.
    """

    url: str
    title: str | None
    section: str
    findings: tuple[Finding, ...]  # in fix order: most serious first
    # to name the other pages of a duplicate
    pages: Mapping[str, Page] = field(default_factory=dict, repr=False, compare=False)

    @property
    def fixes(self) -> list[EditorFix]:
        return [editor_fix(n, f, self.pages) for n, f in enumerate(self.findings, start=1)]


@dataclass(frozen=True, slots=True)
class EditorSection:
    """The pages of one site section (a URL path prefix) that need work."""

    path: str  # "/faq/cod/"
    slug: str  # file stem under editor/
    pages: list[EditorPage]

    @property
    def fix_count(self) -> int:
        return sum(len(p.findings) for p in self.pages)

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.pages for f in p.findings if f.severity is Severity.ERROR)


def url_path_segments(url: str) -> list[str]:
    """The directory segments of a URL's path (the file name is not a section)."""
    path = unquote(urlsplit(url).path)
    segments = [s for s in path.split("/") if s]
    if segments and not path.endswith("/"):
        segments = segments[:-1]
    return segments


def assign_sections(urls: Iterable[str], split_at: int = SECTION_SPLIT_AT) -> dict[str, str]:
    """URL -> section path: the first path segment, split deeper while a section is large.

    A help centre with everything under /faq/ gets /faq/cod/, /faq/customs/...; a blog with
    a few hundred posts under /blog/ keeps one /blog/ section when nothing splits it.
    """
    segments = {url: url_path_segments(url) for url in urls}
    depth = dict.fromkeys(segments, 1)
    for level in range(1, MAX_SECTION_DEPTH):
        groups: dict[str, list[str]] = defaultdict(list)
        for url, segs in segments.items():
            groups[_prefix(segs, depth[url])].append(url)
        changed = False
        for members in groups.values():
            if len(members) <= split_at:
                continue
            deeper = {_prefix(segments[u], level + 1) for u in members}
            if len(deeper) > 1:
                for u in members:
                    depth[u] = level + 1
                changed = True
        if not changed:
            break
    return {url: _prefix(segs, depth[url]) for url, segs in segments.items()}


def _prefix(segments: list[str], depth: int) -> str:
    part = segments[:depth]
    return "/" + "".join(f"{s}/" for s in part)


def section_slug(path: str) -> str:
    """A file-name-safe stem for a section path ("/faq/cod/" -> "faq-cod", "/" -> "root")."""
    stem = "".join(ch if ch.isalnum() else "-" for ch in path.lower()).strip("-")
    while "--" in stem:
        stem = stem.replace("--", "-")
    return stem[:80] or "root"


def build_editor_sections(
    findings: Iterable[Finding], pages: Mapping[str, Page]
) -> list[EditorSection]:
    """Pages with fixes grouped by section; sections and pages in URL order."""
    by_url: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_url[f.url].append(f)
    # sections follow the whole site's structure, not just the pages that need work
    sections = assign_sections(pages.keys() | by_url.keys())
    grouped: dict[str, list[EditorPage]] = defaultdict(list)
    for url in sorted(by_url):
        ordered = sorted(
            by_url[url],
            key=lambda f: (f.severity.rank, _position(f), f.check, str(f.key[2])),
        )
        page = pages.get(url)
        grouped[sections[url]].append(
            EditorPage(url, page.title if page else None, sections[url], tuple(ordered), pages)
        )
    result = []
    used: Counter[str] = Counter()
    for path in sorted(grouped):
        slug = section_slug(path)
        used[slug] += 1
        if used[slug] > 1:
            slug = f"{slug}-{used[slug]}"
        result.append(EditorSection(path, slug, grouped[path]))
    return result


def _position(finding: Finding) -> int:
    value = finding.evidence.get("position")
    return value if isinstance(value, int) else -1


# -- sentences ---------------------------------------------------------------------------


def editor_fix(number: int, finding: Finding, pages: Mapping[str, Page] | None = None) -> EditorFix:
    """The plain-language fix for one finding (``pages``: to name the other pages)."""
    ev = finding.evidence
    phrase = _PHRASES.get(finding.check)
    action = phrase(finding) if phrase else None
    if action is None:
        action = _term_variant(finding) or _generic(finding)
    target = ev.get("target")
    quotes = _quotes(finding)
    count = ev.get("count")
    return EditorFix(
        number=number,
        check=finding.check,
        severity=str(finding.severity),
        action=action,
        context=_context(finding),
        target=target if isinstance(target, str) else None,
        element=element_label(finding.element),
        quotes=quotes,
        occurrences=count if isinstance(count, int) else len(quotes),
        others=_others(finding, pages or {}),
    )


# What editors call the parts of a page the findings name.
_ELEMENTS = {
    "title": "Title",
    "h1": "H1",
    "heading": "Heading",
    "meta description": "Meta description",
    "meta-description": "Meta description",
    "meta": "Meta description",
    "meta robots": "Meta robots",
    "body": "Body text",
    "link": "Link text",
    "a": "Link text",
    "main link": "Link text",
    "related link": "Related link",
    "link (site template)": "Link text (site template)",
    "img": "Image",
    "charset": "Encoding",
    "title/h1": "Title and H1",
    "url": "URL",
    "redirect": "URL",
    "inbound links": "Links to the page",
    "outgoing links": "Links on the page",
}


def element_label(element: str | None) -> str | None:
    """The page element a finding is about, named for an editor."""
    if not element:
        return None
    label = _ELEMENTS.get(element.lower())
    if label is None and element.lower().startswith("related link"):
        label = "Related link"
    return label or element[:1].upper() + element[1:]


def _quotes(finding: Finding) -> tuple[str, ...]:
    """Each occurrence in its context: every snippet the analysis kept, else the one."""
    ev = finding.evidence
    for key in ("snippets", "contexts"):
        items = ev.get(key)
        if isinstance(items, list) and items:
            return tuple(str(i) for i in items if str(i).strip())
    snippet = _text(finding.snippet)
    return (snippet,) if snippet else ()


def _others(finding: Finding, pages: Mapping[str, Page]) -> tuple[tuple[str, str], ...]:
    """The other pages a duplicate finding names, each with its title, or its path where
    that title is this page's own (a duplicate title names nothing by its title)."""
    own = pages.get(finding.url)
    own_title = own.title if own else None
    others = finding.evidence.get("others")
    target = finding.evidence.get("target")
    if check_spec(finding.check).evidence == "text-diff" and isinstance(target, str):
        others = [target]  # a near-duplicate names its one other page as its target
    if not isinstance(others, list):
        return ()
    named = []
    for url in others:
        if isinstance(url, str):
            page = pages.get(url)
            title = page.title if page else None
            if not title or title == own_title:
                parts = urlsplit(url)
                title = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            named.append((url, title))
    return tuple(named)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _outcome(ev: Mapping[str, object]) -> str:
    status = ev.get("status")
    if isinstance(status, int) and status > 0:
        return f"a {status}"
    error = _text(ev.get("error"))
    return f"an error ({error})" if error else "an error"


def _link_name(finding: Finding) -> str:
    ev = finding.evidence
    number = ev.get("related_number")
    anchor = _text(ev.get("anchor")) or _text(finding.snippet)
    if finding.check == "broken-related-link" or ev.get("region") == "related":
        name = f"Related link {number}" if isinstance(number, int) else "A related link"
    else:
        name = "The link"
    return f'{name} "{anchor}"' if anchor else name


def _broken_link(finding: Finding) -> str:
    ev = finding.evidence
    target = _text(ev.get("target"))
    where = f" ({target})" if target else ""
    suggestion = _text(ev.get("suggestion")) or _text(ev.get("replacement"))
    remedy = f"remove it or replace it with {suggestion}" if suggestion else None
    if remedy is None:
        remedy = (
            "remove it or replace it with a live related article"
            if finding.check == "broken-related-link" or ev.get("region") == "related"
            else "point it at a live page or remove it"
        )
    return f"{_link_name(finding)} goes to {_outcome(ev)}{where}: {remedy}."


def _redirected_link(finding: Finding) -> str | None:
    final = _text(finding.evidence.get("final"))
    if final is None:
        return None
    return f"{_link_name(finding)} goes through a redirect: link straight to {final}."


def _title_h1(finding: Finding) -> str | None:
    ev = finding.evidence
    title = _text(ev.get("title_words")) or _text(ev.get("title"))
    h1 = _text(ev.get("h1_words")) or _text(ev.get("h1"))
    if not (title and h1):
        return None
    return f'Title says "{title}", H1 says "{h1}": make them name the same subject.'


def _noindex_related(finding: Finding) -> str:
    target = _text(finding.evidence.get("target"))
    where = f" ({target})" if target else ""
    return (
        f"{_link_name(finding)} recommends a page hidden from search{where}: "
        "recommend an indexable article instead."
    )


def _title_missing(finding: Finding) -> str:
    h1 = _text(finding.evidence.get("h1"))
    return f'Add a title, e.g. "{h1}".' if h1 else "Add a title that names the page's subject."


_PHRASES: dict[str, Callable[[Finding], str | None]] = {
    "broken-link": _broken_link,
    "broken-related-link": _broken_link,
    "redirected-link": _redirected_link,
    "title-h1-mismatch": _title_h1,
    "noindex-linked-as-related": _noindex_related,
    "title-missing": _title_missing,
}


def _term_variant(finding: Finding) -> str | None:
    """Any check whose evidence names a variant and the preferred spelling."""
    ev = finding.evidence
    wrong = _text(ev.get("variant")) or _text(ev.get("found"))
    right = _text(ev.get("preferred")) or _text(ev.get("replacement"))
    if not (wrong and right):
        return None
    count = ev.get("count")
    times = f" ({count} times)" if isinstance(count, int) and count > 1 else ""
    return f"Replace '{wrong}' with '{right}'{times}."


def _generic(finding: Finding) -> str:
    fix = _text(finding.fix) or _text(check_spec(finding.check).fix)
    message = finding.message.rstrip(" .")
    return f"{message}: {_lower_first(fix)}" if fix else f"{message}."


def _lower_first(text: str) -> str:
    # "Add a title" -> "add a title", but keep "H1", "URL" and other capitalised words
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _context(finding: Finding) -> str | None:
    ev = finding.evidence
    contexts = ev.get("contexts")
    if isinstance(contexts, list) and contexts:
        return " … ".join(str(c) for c in contexts[:3])
    return _text(ev.get("context")) or _text(finding.snippet)
