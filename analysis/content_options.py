"""Options of the content checks (template removal, terms, duplicates, lengths), with defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """Tunable thresholds of the content-consistency checks; the defaults suit most sites."""

    # Template removal: a text block is site furniture when it repeats on at least this many
    # pages (but never fewer than 3, and at most this share of a small site's pages).
    template_min_pages: int = 5
    template_min_share: float = 0.5
    # Regions whose non-template text is a page's own content.
    content_regions: tuple[str, ...] = ("main", "aside")
    # Term variants.
    glossary: Path | None = None
    discover_terms: bool = True
    title_weight: float = 3.0  # a use in a title or H1 counts this many times for "preferred"
    # Near-duplicate pages: word-level similarity (0..1) at or above which a pair is reported;
    # copies with a tenth of their sentences edited score ~0.9, unrelated articles on one
    # template-heavy site stay below ~0.5.
    near_duplicate_threshold: float = 0.7
    near_duplicate_min_words: int = 40  # shorter pages are left to the thin-content check
    # On-page lengths (characters) and thin content (words of own content).
    title_min_chars: int = 15
    title_max_chars: int = 60
    meta_description_min_chars: int = 70
    meta_description_max_chars: int = 160
    thin_content_words: int = 60


DEFAULT_OPTIONS = AnalysisOptions()


_GLOSSARY_NAMES = ("glossary.toml", "glossary.yaml", "glossary.yml")


def load_analysis_options(
    config_file: Path | None, output: Path, glossary: Path | None = None
) -> AnalysisOptions:
    """Options from the ``[analysis]`` table of a config file, then the glossary to use.

    The glossary is, in order: the ``glossary`` argument (a CLI flag), the config file's
    ``siteaudit.analysis.glossary``, or a ``glossary.toml``/``.yaml`` in the output folder (where
    `siteaudit terms` writes its starter glossary).
    """
    values: dict[str, object] = {}
    if config_file is not None and config_file.is_file():
        data = tomllib.loads(config_file.read_text(encoding="utf-8"))
        if config_file.name == "pyproject.toml":
            data = data.get("tool", {}).get("siteaudit", {})
        values = dict(data.get("analysis", {}))
    known = {f.name for f in fields(AnalysisOptions)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"{config_file}: unknown analysis option {unknown[0]!r}")
    if "content_regions" in values:
        # ignore: values come from a TOML table (object); AnalysisOptions validates them
        values["content_regions"] = tuple(values["content_regions"])  # type: ignore[arg-type]
    if glossary is None and values.get("glossary"):
        glossary = Path(str(values["glossary"]))
    if glossary is None:
        glossary = next((output / n for n in _GLOSSARY_NAMES if (output / n).is_file()), None)
    values["glossary"] = glossary
    # ignore: values come from a TOML table (object); AnalysisOptions validates them
    return replace(DEFAULT_OPTIONS, **values)  # type: ignore[arg-type]
