"""Hand-made stored pages for the analysis tests."""

from siteaudit.core.records import Finding, Page

BASE = "http://ex.com"


def page(path: str, status: int = 200, **kw: object) -> Page:
    """A stored page at BASE+path; HTML with a title and H1 unless told otherwise."""
    defaults: dict[str, object] = {"is_html": status == 200, "found_via": "link"}
    if status == 200:
        defaults.update(
            title=f"Title {path}",
            title_count=1,
            h1=[f"Title {path}"],
            meta_description="A description.",
        )
    defaults.update(kw)
    return Page(url=BASE + path, status=status, **defaults)  # type: ignore[arg-type]


def by_check(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]
