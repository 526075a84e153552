"""Which parts of a site to render (``render = "auto"``), decided from samples of each part.

A part is a template: the URL's first path segment plus a structural signature of its raw
HTML (the external scripts it loads and its body class, digits blanked), so /help/ pages
built by one script and /blog/ pages served whole are told apart even when they share a
section. The first SAMPLES pages of a part are fetched raw and rendered; a sample *needs
rendering* when the rendered DOM has at least MIN_NEW_LINKS internal links the raw HTML
lacks, or at least MIN_NEW_WORDS more words of main text. One such sample switches the part
to rendering; SAMPLES samples without switch it to raw HTML. Until a part is decided its
pages are rendered too (the audit keeps whichever version the decision picks). Pages
without any <script> are never rendered in auto mode: nothing could change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from siteaudit.crawler.extracted import Extracted

from siteaudit.core.records import Region

SAMPLES = 3
MIN_NEW_LINKS = 3
MIN_NEW_WORDS = 50
_EXAMPLE_LINKS = 10

_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_BODY_CLASS = re.compile(r"<body\b[^>]*\bclass\s*=\s*[\"']?([^\"'>]*)", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)


def has_script(html: str) -> bool:
    """Whether the page runs any script (a page without one renders as it is served)."""
    return _SCRIPT.search(html) is not None


def template_key(url: str, html: str) -> str:
    """The part of the site a page belongs to: "/first-segment/ signature"."""
    path = urlsplit(url).path
    segment = path.strip("/").split("/", 1)[0] if path.count("/") > 1 else ""
    scripts = sorted({src.split("?", 1)[0].split("#", 1)[0] for src in _SCRIPT_SRC.findall(html)})
    body = _BODY_CLASS.search(html)
    body_class = _DIGITS.sub("#", " ".join(sorted(body.group(1).split()))) if body else ""
    digest = hashlib.blake2b("\n".join([*scripts, body_class]).encode(), digest_size=4)
    return f"/{segment + '/' if segment else ''} {digest.hexdigest()}"


def main_words(data: Extracted) -> int:
    """Words of main text (not menus, footers or related lists)."""
    return sum(len(b.text.split()) for b in data.blocks if b.region == Region.MAIN)


@dataclass(frozen=True, slots=True)
class RenderGain:
    """What the rendered DOM has that the raw HTML lacks."""

    new_links: tuple[str, ...]  # internal link targets found only after rendering
    raw_links: int
    rendered_links: int
    raw_words: int
    rendered_words: int

    @property
    def new_words(self) -> int:
        return self.rendered_words - self.raw_words

    @property
    def needs_rendering(self) -> bool:
        """The threshold: enough links or main text appear only with JavaScript."""
        return len(self.new_links) >= MIN_NEW_LINKS or self.new_words >= MIN_NEW_WORDS

    def describe(self) -> str:
        return describe_gain(len(self.new_links), self.new_words, self.raw_links, self.raw_words)


def describe_gain(new_links: int, new_words: int, raw_links: int, raw_words: int) -> str:
    """What rendering added to one page, in words (the reason of a part's decision)."""
    return (
        f"+{new_links} links, {new_words:+d} words of main text "
        f"after rendering ({raw_links} links, {raw_words} words raw)"
    )


def compare(
    raw: Extracted, rendered: Extracted, internal: Callable[[str], bool] | None = None
) -> RenderGain:
    """The links and main text the rendered DOM adds to the raw HTML.

    ``internal``: which link targets count (the crawl's own); all <a> targets if None.
    """
    raw_targets = {link.target for link in raw.links if link.kind == "a"}
    rendered_targets = [link.target for link in rendered.links if link.kind == "a"]
    new = [
        t
        for t in dict.fromkeys(rendered_targets)
        if t not in raw_targets and (internal is None or internal(t))
    ]
    return RenderGain(
        tuple(new),
        len(raw_targets),
        len(set(rendered_targets)),
        main_words(raw),
        main_words(rendered),
    )


@dataclass(slots=True)
class PartDecision:
    """How one part of the site is crawled, and why."""

    render: bool | None = None  # None: still sampling
    samples: int = 0
    reason: str = ""


@dataclass(slots=True)
class RenderPlan:
    """Per-part decisions of one crawl (``mode`` "auto" or "always")."""

    mode: str
    parts: dict[str, PartDecision] = field(default_factory=dict)

    def wants_render(self, key: str) -> bool:
        """Whether a page of part ``key`` is to be rendered."""
        if self.mode == "always":
            return True
        decision = self.parts.get(key)
        return decision is None or decision.render is not False

    def record(self, key: str, url: str, gain: RenderGain) -> bool:
        """Count a rendered page of ``key``; True when the audit keeps its rendered DOM."""
        return self.count_sample(key, gain.needs_rendering, f"{url}: {gain.describe()}")

    def count_sample(self, key: str, needs_rendering: bool, why: str) -> bool:
        """Count one rendered page of ``key`` (``why``: what rendering added to it).

        Also how ``--resume`` replays the samples an interrupted run stored, so that a
        resumed crawl keeps its decisions instead of sampling each part again.
        """
        decision = self.parts.setdefault(key, PartDecision())
        if self.mode == "always":
            decision.render, decision.reason = True, "render = always"
            return True
        if decision.render is None:
            decision.samples += 1
            if needs_rendering:
                decision.render = True
                decision.reason = why
            elif decision.samples >= SAMPLES:
                decision.render = False
                decision.reason = f"{decision.samples} samples gained nothing from rendering"
        return decision.render is True or (decision.render is None and needs_rendering)

    def summary(self) -> dict[str, str]:
        """Each decided part: "rendered: why" or "raw: why"."""
        out: dict[str, str] = {}
        for key, decision in sorted(self.parts.items()):
            if decision.render is None:
                out[key] = f"undecided after {decision.samples} samples"
            else:
                state = "rendered" if decision.render else "raw"
                out[key] = f"{state}: {decision.reason}"
        return out
