"""Optional extras: the service and scale-out libraries are not part of the base install.

``pip install siteaudit`` crawls, audits, reports and checks. The HTTP service needs
``siteaudit[serve]`` and shared crawls or a PostgreSQL store need ``siteaudit[scale]``; the
paths that use them call :func:`require_extra` first, so a missing library is one clear line
(exit 2 through the CLI's config-error handling) instead of an ImportError traceback.
"""

from __future__ import annotations

import importlib.util

from siteaudit.core.config import ConfigError

# The import names each extra provides (pyproject.toml's optional-dependencies).
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "serve": ("fastapi", "uvicorn", "scrapyd", "httpx", "apscheduler"),
    "scale": ("redis", "scrapy_redis", "psycopg"),
}


class MissingExtra(ConfigError):
    """A feature was asked for whose optional libraries are not installed."""


def missing_modules(extra: str, modules: tuple[str, ...] | None = None) -> list[str]:
    """The import names of ``extra`` (or just ``modules`` of it) that cannot be imported."""
    wanted = modules if modules is not None else EXTRA_MODULES[extra]
    return [name for name in wanted if importlib.util.find_spec(name) is None]


def require_extra(extra: str, feature: str, modules: tuple[str, ...] | None = None) -> None:
    """Raise MissingExtra naming the pip command when ``feature``'s libraries are absent."""
    missing = missing_modules(extra, modules)
    if missing:
        raise MissingExtra(
            f"{feature} needs the '{extra}' extra ({', '.join(missing)} not installed): "
            f"pip install 'siteaudit[{extra}]'"
        )
