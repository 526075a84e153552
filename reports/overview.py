"""Figures for the overview: the health score, chart data and the top problems.

Everything here is computed in one pass over pages and findings; charts are laid out as
plain geometry (``BarChart``) that the template draws as inline SVG, so the report needs
no chart library and no network.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from siteaudit.core.records import Finding, Page, Severity

# What one URL costs the score, by the worst severity found on it.
SCORE_WEIGHTS = {Severity.ERROR: 1.0, Severity.WARNING: 0.5, Severity.NOTICE: 0.1}
SCORE_DEFINITION = (
    "100 × (1 − penalty ÷ URLs crawled). Each URL adds a penalty for the worst finding on it: "
    "1 for an error, 0.5 for a warning, 0.1 for a notice; clean URLs add nothing. "
    "Suppressed findings do not count."
)
_RESPONSE_BUCKETS = (
    (100, "< 100 ms"),
    (300, "100–300 ms"),
    (1000, "0.3–1 s"),
    (3000, "1–3 s"),
    (float("inf"), "≥ 3 s"),
)
_DEPTH_CAP = 10
_SECTIONS_SHOWN = 12

_LABEL_W = 170
_BAR_W = 250
_ROW_H = 22
_CHART_W = _LABEL_W + _BAR_W + 70


@dataclass(frozen=True, slots=True)
class HealthScore:
    """The site health score and what went into it."""

    score: int  # 0-100
    grade: str  # good, fair, poor
    urls: int
    penalty: float
    definition: str = SCORE_DEFINITION


@dataclass(frozen=True, slots=True)
class BarSegment:
    """One coloured piece of a bar: CSS class, value and its geometry in SVG units."""

    css: str
    value: int
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class BarRow:
    """One labelled bar, made of one or more segments."""

    label: str  # shortened for the chart
    full_label: str  # shown as the tooltip
    total: int
    segments: list[BarSegment]
    y: int


@dataclass(frozen=True, slots=True)
class BarChart:
    """A horizontal bar chart, ready to draw."""

    id: str
    title: str
    rows: list[BarRow]
    legend: list[tuple[str, str]]  # (css class, label)
    width: int = _CHART_W
    label_width: int = _LABEL_W
    bar_width: int = _BAR_W
    row_height: int = _ROW_H

    @property
    def height(self) -> int:
        return max(1, len(self.rows)) * self.row_height + 4


def health_score(urls: int, findings: Iterable[Finding]) -> HealthScore:
    """Score the crawl (see SCORE_DEFINITION)."""
    worst: dict[str, Severity] = {}
    for f in findings:
        current = worst.get(f.url)
        if current is None or f.severity.rank < current.rank:
            worst[f.url] = f.severity
    denominator = max(urls, len(worst), 1)
    penalty = sum(SCORE_WEIGHTS[s] for s in worst.values())
    score = round(100 * (1 - penalty / denominator))
    grade = "good" if score >= 90 else "fair" if score >= 70 else "poor"
    return HealthScore(max(0, min(100, score)), grade, urls, round(penalty, 1))


def bar_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, list[tuple[str, int]]]],
    legend: list[tuple[str, str]] | None = None,
) -> BarChart:
    """Lay out rows of (label, [(css class, value), ...]) as horizontal (stacked) bars."""
    longest = max((sum(v for _, v in segs) for _, segs in rows), default=0) or 1
    laid_out = []
    for i, (label, segments) in enumerate(rows):
        x = float(_LABEL_W)
        parts = []
        for css, value in segments:
            width = _BAR_W * value / longest
            parts.append(BarSegment(css, value, round(x, 1), round(width, 1)))
            x += width
        short = label if len(label) <= 26 else label[:12] + "…" + label[-12:]
        total = sum(v for _, v in segments)
        laid_out.append(BarRow(short, label, total, parts, i * _ROW_H))
    return BarChart(chart_id, title, laid_out, legend or [])


def status_chart(pages: Iterable[Page]) -> BarChart:
    """URLs by HTTP status code (no response counts as its error)."""
    counts: Counter[str] = Counter()
    for p in pages:
        counts[str(p.status) if p.status > 0 else f"no response ({p.error or '?'})"] += 1
    rows = [(label, [(_status_css(label), n)]) for label, n in sorted(counts.items())]
    return bar_chart("chart-status", "Status codes", rows)


def _status_css(label: str) -> str:
    return f"s{label[0]}xx" if label[:1] in "2345" and label.isdigit() else "sneterr"


def depth_chart(pages: Iterable[Page], histogram: object = None) -> BarChart:
    """HTML pages by click depth from the start URLs, deepest levels merged as "10+".

    ``histogram``: a {depth: pages} mapping (keys may be strings) to chart instead of the
    pages' crawl depth. Depths are numbers, so 10 sorts after 9. The overview's depth table
    is drawn from this chart's rows, so the two always agree.
    """
    counts: Counter[int] = Counter()
    if isinstance(histogram, Mapping) and histogram:
        for depth, n in histogram.items():
            if str(depth).lstrip("-").isdigit() and int(depth) >= 0 and isinstance(n, int):
                counts[min(int(depth), _DEPTH_CAP)] += n
    else:
        counts.update(min(p.depth, _DEPTH_CAP) for p in pages if p.resource_type == "page")
    rows = [
        (f"{d}+" if d == _DEPTH_CAP else str(d), [("bar", counts[d])])
        for d in range(0, (max(counts) if counts else -1) + 1)
    ]
    return bar_chart("chart-depth", "Crawl depth (clicks from the start)", rows)


def response_time_chart(pages: Iterable[Page]) -> BarChart:
    """URLs by response time bucket."""
    counts: Counter[str] = Counter()
    for p in pages:
        if p.elapsed_ms is None:
            continue
        label = next(lab for limit, lab in _RESPONSE_BUCKETS if p.elapsed_ms < limit)
        counts[label] += 1
    rows = [(label, [("bar", counts[label])]) for _, label in _RESPONSE_BUCKETS]
    return bar_chart("chart-response", "Response times", rows if counts else [])


def section_chart(findings: Iterable[Finding], sections: Mapping[str, str]) -> BarChart:
    """Findings per site section, stacked by severity, the sections with most first."""
    per: dict[str, Counter[Severity]] = defaultdict(Counter)
    for f in findings:
        per[sections.get(f.url, "/")][f.severity] += 1
    ranked = sorted(
        per.items(),
        key=lambda kv: (
            -sum(SCORE_WEIGHTS[s] * n for s, n in kv[1].items()),
            -sum(kv[1].values()),
            kv[0],
        ),
    )
    rows = [
        (path, [(f"sev-{s}", counts[s]) for s in Severity if counts[s]])
        for path, counts in ranked[:_SECTIONS_SHOWN]
    ]
    legend = [(f"sev-{s}", f"{s}s") for s in Severity]
    return bar_chart("chart-sections", "Findings per site section", rows, legend)
