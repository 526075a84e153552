"""Term variants on documentation-shaped pages: what is noise and what is a real variant.

Pages are built from HTML as real generators emit it (Sphinx, DocBook, a CMS) and go
through the crawler's extraction, so code marking, headings and languages are as in a crawl.
"""

from __future__ import annotations

from pathlib import Path

from siteaudit.analysis.terms import check_terms
from siteaudit.crawler.extraction import extract_page

from siteaudit.core.records import Page
from tests.analysis.content_factories import analysed, filler

BASE = "http://ex.com"


def page(path: str, body: str, *, lang: str = "en", title: str | None = None) -> Page:
    title = title or f"Page {path}"
    html = (
        f'<html lang="{lang}"><head><title>{title}</title></head><body>'
        f"<main><h1>{title}</h1>{body}</main></body></html>"
    )
    data = extract_page(html, BASE + path)
    return Page(
        url=BASE + path,
        status=200,
        is_html=True,
        title=title,
        title_count=1,
        h1=[title],
        lang=lang,
        canonical=BASE + path,
        blocks=data.blocks,
        links=data.links,
        word_count=data.word_count,
    )


def prose(seed: int) -> str:
    return "".join(f"<p>{s}</p>" for s in filler(seed, 3))


def variants(tmp_path: Path, pages: list[Page]) -> set[tuple[str, str]]:
    pages += [page(f"/filler{i}", prose(100 + i)) for i in range(4)]
    found = check_terms(analysed(tmp_path, pages))
    return {(f.evidence["variant"], f.evidence["preferred"]) for f in found}


def test_identifiers_in_code_are_not_variants_of_prose_words(tmp_path: Path) -> None:
    sphinx = (
        '<p>Open it with <code class="docutils literal notranslate"><span class="pre">'
        "TarFile</span></code> and list the tarfile members.</p>"
    )
    sql = "<pre>TRUNCATE TABLE orders;</pre><p>To truncate a table, use the command.</p>"
    apache = '<p>The <code class="directive">LogFormat</code> directive sets the log format.</p>'
    pages = [page(f"/s{i}", sphinx + prose(i)) for i in range(3)]
    pages += [page(f"/q{i}", sql + prose(10 + i)) for i in range(3)]
    pages += [page(f"/a{i}", apache + "<p>Each Log Format names fields.</p>") for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_urls_paths_hosts_and_addresses_are_not_prose(tmp_path: Path) -> None:
    body = (
        "<p>Download it from https://pypi.org/project/kapaitool/ or PyPI mirrors.</p>"
        "<p>Edit ~/.gnupg/gpg.conf and wsgi.py, mail support@kapaitool.example, "
        "call form.is_multipart() and read $UID.</p>"
        "<p>The Kapaitool docs on PyPI explain it.</p>"
    )
    pages = [page(f"/u{i}", body + prose(20 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_look_alike_words_are_never_merged(tmp_path: Path) -> None:
    body = (
        "<p>The server assesses idle threads. The kernel accesses memory.</p>"
        "<p>Use netcat or netstat. It is platform-independent, unlike platform-dependent code.</p>"
        "<p>The ident service differs from indent.</p>"
    )
    pages = [page(f"/l{i}", body + prose(30 + i)) for i in range(4)]
    assert variants(tmp_path, pages) == set()


def test_a_spelling_only_in_headings_does_not_make_a_term(tmp_path: Path) -> None:
    pages = [
        page(f"/h{i}", f"<h2>Log Files</h2><p>Rotate the logfiles daily.</p>{prose(40 + i)}")
        for i in range(3)
    ]
    assert variants(tmp_path, pages) == set()


def test_pages_in_other_languages_do_not_mix_with_english(tmp_path: Path) -> None:
    french = "<p>Le module génère un fichier. Le fichier est généré par le module.</p>"
    spanish = "<p>Esta versión está lista. Apache Versión dos.</p>"
    english = "<p>Apache Version two is ready.</p>"
    pages = [page(f"/fr{i}", french + prose(50 + i), lang="fr") for i in range(3)]
    pages += [page(f"/es{i}", spanish + prose(60 + i), lang="es") for i in range(3)]
    pages += [page(f"/en{i}", english + prose(70 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_real_variants_in_prose_are_found(tmp_path: Path) -> None:
    pages = [
        page(
            f"/p{i}",
            "<p>Python has a built-in function for it; each sub-directory is scanned "
            f"and the Javascript runs.</p>{prose(80 + i)}",
        )
        for i in range(2)
    ]
    pages += [
        page(
            f"/q{i}",
            "<p>The built-in module scans every subdirectory, and JavaScript runs; the "
            f"builtin one too, in each subdirectory with JavaScript.</p>{prose(90 + i)}",
        )
        for i in range(4)
    ]
    found = variants(tmp_path, pages)
    assert ("sub-directory", "subdirectory") in found
    assert ("builtin", "built-in") in found


def test_grammar_and_word_formation_are_not_variants(tmp_path: Path) -> None:
    body = (
        "<p>A file-format change needs care; read <a href='/ff'>The File Format</a> first.</p>"
        "<p>The text is unparsed here, and unpacked there; the tree was reparsed and rebased.</p>"
    )
    pages = [page(f"/g{i}", body + prose(110 + i)) for i in range(4)]
    assert variants(tmp_path, pages) == set()


def test_british_and_american_endings_are_one_word(tmp_path: Path) -> None:
    pages = [page("/b", f"<p>The cache is initialised at start.</p>{prose(120)}")]
    pages += [
        page(f"/c{i}", f"<p>Each buffer is initialized once.</p>{prose(130 + i)}") for i in range(3)
    ]
    assert variants(tmp_path, pages) == {("initialised", "initialized")}


def test_keywords_beside_lowercase_words_are_not_variants(tmp_path: Path) -> None:
    body = (
        "<p>Release the savepoint when done; the SAVEPOINT command names it.</p>"
        "<p>Convert it to svg with the SVG exporter.</p>"
        "<p>Random ROWIDs are picked; the rowids stay unique.</p>"
    )
    pages = [page(f"/k{i}", body + prose(140 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_a_heading_casing_is_never_the_preferred_spelling(tmp_path: Path) -> None:
    pages = [
        page(
            f"/t{i}",
            "<p>Read <a href='/pc'>The Page Cache</a> and <a href='/p2'>Page Cache Sizing</a>"
            f" and <a href='/p3'>Page Cache Hits</a>.</p>{prose(150 + i)}",
        )
        for i in range(3)
    ]
    pages.append(page("/u", f"<p>The pagecache holds pages; the page-cache too.</p>{prose(160)}"))
    assert {preferred for _, preferred in variants(tmp_path, pages)} == {"pagecache"}


def test_a_site_without_a_settled_spelling_is_told_to_choose_one(tmp_path: Path) -> None:
    pages = [
        page(f"/w{i}", f"<p>It runs on Windows XP here.</p>{prose(170 + i)}") for i in range(2)
    ]
    pages += [
        page(f"/x{i}", f"<p>It runs on WindowsXP there.</p>{prose(180 + i)}") for i in range(3)
    ]
    found = list(
        check_terms(analysed(tmp_path, pages + [page(f"/f{i}", prose(190 + i)) for i in range(4)]))
    )
    assert found and all(f.evidence.get("unsettled") for f in found)
    assert all("both" in f.message and "Choose one" in (f.fix or "") for f in found)


def test_a_pascalcase_identifier_is_not_a_variant_of_the_phrase_it_names(tmp_path: Path) -> None:
    sphinx = (
        "<p>Each message written to the logger is a <em>Log Record</em>; its fields are "
        '<a class="reference external" href="/py/logging.html#logrecord-attributes">'
        '<span class="xref std std-ref">LogRecord attributes</span></a>.</p>'
    )
    docbook = (
        '<p>See <a class="ulink" href="/wiki/DebianKernel">DebianKernel</a> for the '
        "Debian Kernel team.</p><p>The Debian Kernel is patched.</p>"
    )
    pages = [page(f"/lr{i}", sphinx + prose(200 + i)) for i in range(2)]
    pages += [page(f"/dk{i}", docbook + prose(210 + i)) for i in range(2)]
    assert variants(tmp_path, pages) == set()


def test_a_product_name_run_together_is_still_a_variant(tmp_path: Path) -> None:
    pages = [
        page(f"/bd{i}", f"<p>Berkeley DB stores pairs; Berkeley DB is fast.</p>{prose(220 + i)}")
        for i in range(3)
    ]
    pages.append(page("/bx", f"<p>Unlike BerkeleyDB, it has SQL.</p>{prose(230)}"))
    assert variants(tmp_path, pages) == {("BerkeleyDB", "Berkeley DB")}


def test_a_name_in_mixed_case_wins_over_its_capitals(tmp_path: Path) -> None:
    capitals = "<p>The TCL interface is built in; TCL scripts call it. The TCL tests run.</p>"
    pages = [page(f"/tc{i}", capitals + prose(240 + i)) for i in range(4)]
    pages += [page(f"/tm{i}", f"<p>Write the tests in Tcl.</p>{prose(250 + i)}") for i in range(2)]
    found = variants(tmp_path, pages)
    assert found == {("TCL", "Tcl")}


def test_one_mixed_case_slip_does_not_outrank_an_acronym(tmp_path: Path) -> None:
    pages = [
        page(f"/cs{i}", f"<p>Import the CSV file; CSV rows map to records.</p>{prose(260 + i)}")
        for i in range(3)
    ]
    pages.append(page("/cx", f"<p>Each Csv column is text.</p>{prose(270)}"))
    assert variants(tmp_path, pages) == {("Csv", "CSV")}


def test_two_words_run_together_are_not_a_typo_of_a_name_an_edit_away(tmp_path: Path) -> None:
    body = "<p>Set the fullfsync flag on Mac OS X; fullfsync is slow.</p>"
    pages = [page(f"/ff{i}", body + prose(280 + i)) for i in range(3)]
    pages.append(page("/fs", f"<p>A Mac OS X style fullsync is used.</p>{prose(290)}"))
    assert variants(tmp_path, pages) == set()


def test_a_file_name_in_a_link_text_is_not_a_variant(tmp_path: Path) -> None:
    prose_uses = "<p>The Append VFS adds a database to a file. The Append VFS is small.</p>"
    pages = [page(f"/av{i}", prose_uses + prose(300 + i)) for i in range(3)]
    pages.append(page("/ap", f"<p>Load the appendvfs extension first.</p>{prose(305)}"))
    link = '<p>Source: <a href="/src/appendvfs.c">appendvfs.c</a>.</p>'
    pages.append(page("/al", link + prose(310)))
    pages += [page(f"/filler{i}", prose(100 + i)) for i in range(4)]
    found = list(check_terms(analysed(tmp_path, pages)))
    assert [(f.url, f.element) for f in found] == [(BASE + "/ap", "body")]


def test_a_camelcase_identifier_in_prose_is_not_a_variant(tmp_path: Path) -> None:
    # DocBook prose naming a JavaScript property and a config key without code markup.
    body = (
        "<p>Browsers send the User-Agent header; scripts read it as userAgent.</p>"
        "<p>Set advice.detachedHead to false to hide the detached head advice.</p>"
    )
    pages = [page(f"/ua{i}", body + prose(310 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_a_heading_set_in_capitals_is_styling(tmp_path: Path) -> None:
    # AsciiDoc manual pages: section headings in capitals, the term in mixed case in the text.
    pages = [
        page(
            f"/mv{i}",
            f'<div class="sect1"><h2 id="_submodules">SUBMODULES</h2><div class="sectionbody">'
            f"<p>Submodules are moved along in step {i}; see the Submodules guide {i}.</p>"
            f"</div></div>{prose(320 + i)}",
        )
        for i in range(3)
    ]
    pages.append(page("/sm", f'<p>Read the "ACTIVE SUBMODULES" section.</p>{prose(330)}'))
    assert variants(tmp_path, pages) == set()


def test_an_acronym_and_another_acronym_plural_are_two_words(tmp_path: Path) -> None:
    body = "<p>OSS is the Open Sound System; the OSS driver is old. Most OSs ship ALSA.</p>"
    pages = [page(f"/os{i}", body + prose(340 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_a_one_letter_argument_name_is_not_part_of_a_term(tmp_path: Path) -> None:
    body = "<p>All schemas are listed. If Schema S is attached, the schemas of S come first.</p>"
    pages = [page(f"/sc{i}", body + prose(350 + i)) for i in range(3)]
    found = variants(tmp_path, pages)
    assert not any("Schema S" in pair for pair in found)


def test_a_name_ending_in_a_letter_is_still_a_term(tmp_path: Path) -> None:
    mac = "<p>It builds on Mac OSX and on MacOS X alike; Mac OSX is tested.</p>"
    pages = [page(f"/mx{i}", mac + prose(360 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == {("MacOS X", "Mac OSX")}


def test_spellings_set_against_each_other_are_about_the_spelling(tmp_path: Path) -> None:
    style = (
        "<p>Use PostScript, not Postscript or postscript. Write Kapai (also written Ka Pai).</p>"
    )
    pages = [page(f"/ps{i}", style + prose(365 + i)) for i in range(3)]
    pages.append(page("/ps-use", f"<p>Print it as PostScript and send it.</p>{prose(369)}"))
    assert variants(tmp_path, pages) == set()


def test_a_keyword_beside_a_hyphenated_term_is_code(tmp_path: Path) -> None:
    body = (
        "<p>The SELECTID column holds the select-id of the subquery. Each select-id is unique,"
        " and the select-id of the outer query is 0.</p>"
    )
    pages = [page(f"/id{i}", body + prose(370 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_an_inflection_that_drops_an_e_is_not_a_respelling(tmp_path: Path) -> None:
    # renice + ing = renicing: a word, not a typo of "renaming" two letters away.
    body = "<p>Renaming a file keeps its inode; renaming a folder moves its files.</p>"
    pages = [page(f"/rn{i}", body + prose(390 + i)) for i in range(4)]
    pages.append(page("/rc", f"<p>The r key allows renicing a process.</p>{prose(395)}"))
    assert variants(tmp_path, pages) == set()


def test_an_abbreviation_of_a_phrase_is_not_a_respelling(tmp_path: Path) -> None:
    body = "<p>Each table-name is quoted. The table-name must exist in schema {}.</p>"
    pages = [page(f"/tn{i}", body.format(i) + prose(380 + i)) for i in range(4)]
    pages.append(page("/tb", f"<p>The tabname column holds it.</p>{prose(388)}"))
    assert variants(tmp_path, pages) == set()


def test_words_inside_a_longer_capitalised_name_are_the_names_own(tmp_path: Path) -> None:
    body = (
        "<p>Files must not start with a BOM (Byte Order Mark). The byte order of the data "
        "is fixed, and each byte order is named.</p>"
        "<p>Every url() of Cascading Style Sheets is rewritten; the stylesheets are copied"
        " and more stylesheets follow.</p>"
    )
    pages = [page(f"/bo{i}", body + prose(390 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_suffixes_named_as_words_are_not_variants(tmp_path: Path) -> None:
    body = "<p>Use the ize ending, not the ise ending; write ize words only.</p>"
    pages = [page(f"/iz{i}", body + prose(400 + i)) for i in range(3)]
    assert variants(tmp_path, pages) == set()


def test_a_label_opening_a_paragraph_is_not_a_spelling(tmp_path: Path) -> None:
    pages = [
        page(f"/td{i}", f"<p>Send an error: TODO: define it in part {i}.</p>{prose(410 + i)}")
        for i in range(3)
    ]
    pages += [page(f"/tl{i}", f"<p>The Todo list grows.</p>{prose(420 + i)}") for i in range(2)]
    assert variants(tmp_path, pages) == set()
