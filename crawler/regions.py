"""Decide which region of a page an element belongs to: nav, header, footer, related..."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from siteaudit.core.records import Region

# A class, id or aria-label that names a related-articles box on real CMS and documentation
# templates: the name alone or with a vendor prefix and a container noun ("related",
# "jp-relatedposts", "related-articles", "seealso", "you-may-also-like", "crp_related").
# A slug that only contains the word is a heading's or an identifier's id
# ("prefetch_related_objects", "s-related-objects-reference"), not a box.
_RELATED_NAME = re.compile(
    r"(?:[a-z0-9]+-)?"
    r"(?:related|recommended|recommendations?|similar|see-?also|you-?may-?(?:also-?)?like|"
    r"more-?(?:articles|posts|stories)|also-?read|read-?next|further-?reading)"
    r"(?:-?(?:posts?|articles?|links?|content|items?|stories|pages?|products?|questions?|"
    r"topics?|reading|docs?|guides?|list|box|block|widget|section|container|wrapper|"
    r"entries|area|module|cards?))?"
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NAME_SEPARATORS = re.compile(r"[\s_]+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Navigation markup: menus, breadcrumbs, and the prev/next/up bars documentation generators
# put above and below every page (DocBook "navheader", Sphinx "related" with role=navigation).
_NAV_HINT = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|nav-?header|nav-?footer|nav-?links?|menu|menubar|"
    r"breadcrumbs?|topbar|skip-?links?|pager|pagination|prev-?next)([\s_-]|$)",
    re.IGNORECASE,
)
# rel values and link attributes that make a link part of the site's navigation.
NAV_RELS = frozenset({"prev", "previous", "next", "up", "index", "contents", "home", "start"})
_FOOTER_HINT = re.compile(r"(^|[\s_-])(footer|site-?footer|colophon)([\s_-]|$)", re.IGNORECASE)
_HEADER_HINT = re.compile(r"(^|[\s_-])(header|masthead|site-?header)([\s_-]|$)", re.IGNORECASE)
_ASIDE_HINT = re.compile(r"(^|[\s_-])(sidebar|side-?bar|widget-?area)([\s_-]|$)", re.IGNORECASE)

# Headings that introduce a related-articles list when the markup itself says nothing.
RELATED_HEADING = re.compile(
    r"recommended(\s+for\s+you|\s+reading|\s+articles|\s+posts)?\b|"
    r"related\s+(articles|posts|questions|reading|links|topics|content|guides|faqs?)|"
    r"you\s+(may|might)\s+also\s+(like|enjoy|want)|see\s+also|further\s+reading|"
    r"more\s+(articles|posts|questions|guides)\b|people\s+also\s+(ask|read)|"
    r"similar\s+(articles|questions|posts)|read\s+next|also\s+read",
    re.IGNORECASE,
)

_TAG_REGION = {
    "nav": Region.NAV,
    "header": Region.HEADER,
    "footer": Region.FOOTER,
    "aside": Region.ASIDE,
}
_ROLE_REGION = {
    "navigation": Region.NAV,
    "banner": Region.HEADER,
    "contentinfo": Region.FOOTER,
    "complementary": Region.ASIDE,
}
_CONTENT_TAGS = frozenset({"main", "article"})


def element_region(tag: str, attrib: Mapping[str, str], parent: str, in_content: bool) -> str:
    """Region of an element given its parent's region.

    ``in_content`` is True inside <main>/<article>, where a <header> or <footer> is the
    article's own and not the site template's.
    """
    if parent == Region.RELATED:
        return parent  # a related list stays related, whatever its inner markup
    # Templates repeat the same few (tag, class, id) combinations on every page: cache them.
    return _cached_region(
        tag,
        attrib.get("class", ""),
        attrib.get("id", ""),
        attrib.get("aria-label", ""),
        attrib.get("role", ""),
        parent,
        in_content,
    )


@lru_cache(maxsize=8192)
def _cached_region(
    tag: str, klass: str, ident: str, label: str, role: str, parent: str, in_content: bool
) -> str:
    hints = f"{klass} {ident} {label}"
    role = role.lower()
    if parent == Region.MAIN and (
        tag == "nav" or role == "navigation" or (hints.strip() and _NAV_HINT.search(hints))
    ):
        # Navigation is never a related-articles list, even when a class says "related"
        # (Sphinx's home/index/prev/next bar is <div class="related" role="navigation">).
        return Region.NAV
    if hints.strip():
        if tag not in _HEADINGS and _names_related_box(klass, ident, label):
            return Region.RELATED  # (a heading's id is the slug of its own words)
        if parent in (Region.MAIN, Region.ASIDE):
            if _NAV_HINT.search(hints):
                return Region.NAV
            if not in_content and _FOOTER_HINT.search(hints):
                return Region.FOOTER
            if not in_content and _HEADER_HINT.search(hints):
                return Region.HEADER
            if _ASIDE_HINT.search(hints):
                return Region.ASIDE
    region = _ROLE_REGION.get(role) or _TAG_REGION.get(tag)
    if parent != Region.MAIN:
        # A menu inside the site header is navigation; anything else keeps its parent's region.
        if parent == Region.HEADER and (region == Region.NAV or _NAV_HINT.search(hints)):
            return Region.NAV
        return parent
    if region is None:
        return parent
    if in_content and region in (Region.HEADER, Region.FOOTER):
        return parent
    return region


def _names_related_box(klass: str, ident: str, label: str) -> bool:
    """True when a class token, the id or the aria-label names a related-articles box."""
    for name in (*klass.split(), ident, label.strip()):
        if name and _RELATED_NAME.fullmatch(
            _NAME_SEPARATORS.sub("-", _CAMEL.sub("-", name)).lower()
        ):
            return True
    return False


def is_navigation_link(attrib: Mapping[str, str]) -> bool:
    """A link that steps through the site (accesskey, rel=prev/next/up/index...)."""
    if "accesskey" in attrib:
        return True
    rel = attrib.get("rel")
    if not rel:
        return False
    return not NAV_RELS.isdisjoint(rel.lower().split())


def is_content_container(tag: str) -> bool:
    """True for <main> and <article>, inside which header/footer belong to the content."""
    return tag in _CONTENT_TAGS
