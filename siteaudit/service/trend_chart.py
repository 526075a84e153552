"""A site's trend as a small inline SVG chart, laid out on the server (no script needed)."""

from __future__ import annotations

from dataclasses import dataclass

from siteaudit.service.models import TrendPoint

WIDTH, HEIGHT = 560, 160
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 34, 10, 22
_MAX_BAR_W = 28  # with few crawls, bars stay bars rather than blocks


@dataclass(frozen=True, slots=True)
class TrendBar:
    """Error findings of one crawl: a bar, with its labels."""

    x: float
    y: float
    width: float
    height: float
    crawl: int
    errors: int
    health: int | None


@dataclass(frozen=True, slots=True)
class TrendChart:
    """Health score as a line (left axis, 0-100), error findings as bars (right axis)."""

    width: int
    height: int
    health_points: str  # SVG polyline points
    dots: list[tuple[float, float, int, int]]  # x, y, crawl, health
    bars: list[TrendBar]
    max_errors: int
    plot_top: int
    plot_bottom: int
    plot_left: int
    plot_right: int


def trend_chart(points: list[TrendPoint], limit: int = 30) -> TrendChart | None:
    """The chart of the last ``limit`` analysed crawls, or None with fewer than one."""
    points = points[-limit:]
    if not points:
        return None
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM
    step = plot_w / len(points)
    max_errors = max(max(p.errors for p in points), 1)
    bars, dots = [], []
    for i, p in enumerate(points):
        centre = _LEFT + step * (i + 0.5)
        bar_h = plot_h * p.errors / max_errors
        bar_w = min(step * 0.6, _MAX_BAR_W)
        bars.append(
            TrendBar(
                round(centre - bar_w / 2, 1),
                round(_TOP + plot_h - bar_h, 1),
                round(bar_w, 1),
                round(bar_h, 1),
                p.crawl,
                p.errors,
                p.health,
            )
        )
        if p.health is not None:
            dots.append(
                (
                    round(centre, 1),
                    round(_TOP + plot_h * (1 - p.health / 100), 1),
                    p.crawl,
                    p.health,
                )
            )
    return TrendChart(
        WIDTH,
        HEIGHT,
        " ".join(f"{x},{y}" for x, y, _, _ in dots),
        dots,
        bars,
        max_errors,
        _TOP,
        _TOP + plot_h,
        _LEFT,
        WIDTH - _RIGHT,
    )
