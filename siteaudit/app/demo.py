"""The bundled demo site: a built FAQ site with planted problems, served as any folder is."""

from __future__ import annotations

from pathlib import Path

# Built by tools/demo_site/build.py; its redirects, error statuses and extra headers are the
# site's own _redirects and _headers files, which the folder server honours.
DEMO_SITE_ROOT: Path = Path(__file__).resolve().parent.parent / "demo_site" / "site"
