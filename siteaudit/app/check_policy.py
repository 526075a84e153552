"""What a check run reports, after the crawl: per-status levels and changed files only.

``--status 403:warn,999:ignore`` re-levels broken links by their status. ``--changed-files``
and ``--since GIT_REF`` keep the problems found in the files a change touched; the pages
they link to are fetched (app.check limits the crawl to them when only pages changed), so
links into unchanged files resolve against the real pages and their #fragments.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from siteaudit.core.checks import check_spec
from siteaudit.core.config import ConfigError
from siteaudit.core.link_policy import StatusRule, status_action
from siteaudit.reports.ci_formats.model import CiFinding, Level

_LEVELS: dict[str, Level] = {"warn": "warning", "error": "error"}
_GIT_TIMEOUT_S = 60


def apply_status_policy(items: list[CiFinding], rules: tuple[StatusRule, ...]) -> list[CiFinding]:
    """Items re-levelled (or dropped, for "ignore") by the status of their target."""
    if not rules:
        return items
    kept = []
    for item in items:
        status = item.finding.evidence.get("status")
        action = None
        if check_spec(item.check).evidence == "link" and isinstance(status, int) and status:
            action = status_action(rules, status)
        if action == "ignore":
            continue
        if action is not None:
            item.level = _LEVELS[action]
        kept.append(item)
    return kept


def changed_files(root: Path, files: Iterable[str], since: str | None) -> frozenset[str]:
    """The folder's changed files, as paths relative to ``root`` (posix).

    ``files`` are paths relative to the working directory (or absolute); each value may hold
    several, separated by whitespace, so `--changed-files "$(git diff --name-only ...)"`
    works. ``since``: the files `git diff --name-only GIT_REF` names under ``root``.
    """
    root = root.resolve()
    names: set[str] = set()
    for value in files:
        for path in value.split():
            names.update(_under(root, Path(path).resolve()))
    if since is not None:
        for path in _git_diff(root, since):
            names.update(_under(root, (root / path).resolve()))
    return frozenset(names)


def only_changed(items: list[CiFinding], changed: frozenset[str]) -> list[CiFinding]:
    """The items found in changed files.

    A folder item's baseline key names its source file relative to the folder
    (siteaudit.app.check.folder_finding); ``file`` is named from the repository instead.
    """
    return [item for item in items if item.file and item.key and item.key[1] in changed]


def _under(root: Path, path: Path) -> list[str]:
    try:
        return [path.relative_to(root).as_posix()]
    except ValueError:
        return []  # outside the checked folder: nothing of it is checked


def _git_diff(root: Path, ref: str) -> list[str]:
    if ref.startswith("-"):
        raise ConfigError(f"--since: not a git ref: {ref!r}")
    command = ["git", "-C", str(root), "diff", "--name-only", "--relative", ref, "--"]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=_GIT_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"--since {ref}: cannot run git: {exc}") from None
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["git diff failed"])[0]
        raise ConfigError(f"--since {ref}: {first}")
    return [line for line in done.stdout.splitlines() if line]
