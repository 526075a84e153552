"""Baselines: today's known link failures, so CI fails only on new ones.

A baseline is a JSON file of failure keys (check, page, target) with URLs made relative to
the checked site, so a baseline written against a folder served on one port, or a staging
host, still matches the next run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from siteaudit.core.config import ConfigError

BASELINE_FORMAT = 1

BaselineKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class BaselineComparison:
    """Which of today's failures are new, and which baselined ones are gone (fixed)."""

    new: frozenset[BaselineKey]
    known: frozenset[BaselineKey]
    fixed: tuple[BaselineKey, ...]


def relative_url(url: str, base_url: str) -> str:
    """``url`` without the site's origin ('/a.html'); other hosts' URLs unchanged."""
    base = base_url.rstrip("/")
    if url == base or url.startswith(base + "/") or url.startswith(base + "#"):
        return url[len(base) :] or "/"
    return url


def read_baseline(path: Path) -> frozenset[BaselineKey]:
    """The keys in a baseline file; a missing or malformed file is a usage error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["failures"]
        return frozenset((str(e["check"]), str(e["url"]), str(e["target"])) for e in entries)
    except OSError as exc:
        raise ConfigError(f"cannot read baseline {path}: {exc.strerror}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path} is not a siteaudit baseline: {exc}") from exc


def write_baseline(path: Path, keys: set[BaselineKey]) -> None:
    """Write the keys, sorted, so baseline diffs in version control stay readable."""
    failures = [{"check": c, "url": u, "target": t} for c, u, t in sorted(keys)]
    data = {"tool": "siteaudit", "format": BASELINE_FORMAT, "failures": failures}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def compare(current: set[BaselineKey], baseline: frozenset[BaselineKey]) -> BaselineComparison:
    """Split today's failure keys into new and known; list the baselined ones now fixed."""
    return BaselineComparison(
        new=frozenset(current - baseline),
        known=frozenset(current & baseline),
        fixed=tuple(sorted(baseline - current)),
    )
