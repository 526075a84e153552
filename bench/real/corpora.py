"""Real documentation sites that Debian ships as packages, served offline on loopback.

Each corpus is a folder of HTML that a real generator produced (Sphinx, DocBook, the Apache
httpd manual's XSLT, SQLite's own tcl scripts), installed with `apt-get install PACKAGE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Corpus:
    """One real site: the Debian package that carries it and its document root."""

    name: str
    package: str
    root: Path
    start: str = "/"  # path of the start page below the root
    generator: str = ""


CORPORA: dict[str, Corpus] = {
    c.name: c
    for c in (
        Corpus(
            "apache",
            "apache2-doc",
            # Every language, as the manual's language switcher links them all.
            Path("/usr/share/doc/apache2-doc/manual"),
            "/en/index.html",
            "Apache httpd manual XSLT",
        ),
        Corpus(
            "django",
            "python-django-doc",
            Path("/usr/share/doc/python-django-doc/html"),
            "/index.html",
            "Sphinx",
        ),
        Corpus("sqlite", "sqlite3-doc", Path("/usr/share/doc/sqlite3"), "/index.html", "tcl"),
        Corpus(
            "git",
            "git-doc",
            # Man pages with "SEE ALSO" sections, guides and the user manual.
            Path("/usr/share/doc/git/html"),
            "/index.html",
            "AsciiDoc",
        ),
        Corpus(
            "debref",
            "debian-reference-en",
            Path("/usr/share/debian-reference"),
            "/index.en.html",
            "DocBook XSL",
        ),
        # Held out: added after the term rules were written, measured before any change.
        Corpus(
            "handbook",
            "debian-handbook",
            Path("/usr/share/doc/debian-handbook/html/en-US"),
            "/index.html",
            "Publican (DocBook)",
        ),
        Corpus(
            "debfaq",
            "debian-faq",
            Path("/usr/share/doc/debian/FAQ"),
            "/index.en.html",
            "DebianDoc SGML",
        ),
        Corpus(
            "devref",
            "developers-reference",
            Path("/usr/share/developers-reference"),
            "/index.html",
            "Sphinx",
        ),
    )
}


def installed(corpus: Corpus) -> bool:
    """Whether the corpus's package is installed (its start page exists)."""
    return (corpus.root / corpus.start.lstrip("/")).is_file()
