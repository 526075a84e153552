"""Code inside prose is marked, so term checks can tell identifiers from words."""

from hypothesis import given
from hypothesis import strategies as st
from siteaudit.crawler.code_spans import CODE_CLOSE, CODE_OPEN, split_code
from siteaudit.crawler.extraction import extract_page

URL = "http://docs.example/page.html"


def _code_of(html: str) -> list[tuple[str, list[str]]]:
    blocks = extract_page(f"<html><body>{html}</body></html>", URL).blocks
    return [(b.text, [b.text[s:e] for s, e in (b.code or [])]) for b in blocks]


def test_inline_code_of_generators_is_marked() -> None:
    sphinx = (
        '<p>Use <code class="docutils literal notranslate"><span class="pre">TarFile</span>'
        "</code> to open a tarfile archive.</p>"
    )
    docbook = '<p>Run <code class="literal">apt-get update</code> first.</p>'
    apache = '<p>The <code class="directive"><a href="x.html">KeepAlive</a></code> directive.</p>'
    assert _code_of(sphinx) == [("Use TarFile to open a tarfile archive.", ["TarFile"])]
    assert _code_of(docbook) == [("Run apt-get update first.", ["apt-get update"])]
    assert _code_of(apache) == [("The KeepAlive directive.", ["KeepAlive"])]


def test_package_names_are_code_inline_only() -> None:
    publican = '<p>KDevelop (in the <span class="pkg pkg">kdevelop</span> package).</p>'
    docbook = '<p>Install <span class="package">policykit-1</span> first.</p>'
    plan = '<div class="package"><p>Our Basic plan suits small teams.</p></div>'
    assert _code_of(publican) == [("KDevelop (in the kdevelop package).", ["kdevelop"])]
    assert _code_of(docbook) == [("Install policykit-1 first.", ["policykit-1"])]
    assert _code_of(plan) == [("Our Basic plan suits small teams.", [])]


def test_pre_blocks_and_signatures_are_code_entirely() -> None:
    html = (
        '<div class="highlight"><pre>$ sqlite3 ex1.db\nsqlite&gt; .tables</pre></div>'
        '<dl><dt class="sig sig-object py">class TarFile(name)</dt><dd>An archive.</dd></dl>'
        '<pre class="screen">TRUNCATE table;</pre>'
    )
    found = _code_of(html)
    assert found[0] == ("$ sqlite3 ex1.db sqlite> .tables", ["$ sqlite3 ex1.db sqlite> .tables"])
    assert found[1] == ("class TarFile(name)", ["class TarFile(name)"])
    assert found[2] == ("An archive.", [])
    assert found[3] == ("TRUNCATE table;", ["TRUNCATE table;"])


def test_prose_without_code_is_stored_as_before() -> None:
    blocks = extract_page("<p>Plain   words\nonly.</p>", URL).blocks
    assert [(b.text, b.code) for b in blocks] == [("Plain words only.", None)]


def test_code_touching_words_and_spaces_inside_code() -> None:
    assert split_code(f"a{CODE_OPEN}b{CODE_CLOSE}c") == ("abc", [(1, 2)], 0)
    assert split_code(f"x {CODE_OPEN} y z {CODE_CLOSE} w") == ("x y z w", [(2, 5)], 0)
    assert split_code(f"{CODE_OPEN}open") == ("open", [(0, 4)], 1)
    assert split_code("continued here", 1) == ("continued here", [(0, 14)], 1)


_TEXT = st.lists(
    st.sampled_from(["a", "bc", " ", "  ", "\n", CODE_OPEN, CODE_CLOSE, "déf"]), max_size=30
)


@given(_TEXT)
def test_split_code_text_equals_collapsed_text_without_markers(parts: list[str]) -> None:
    text = "".join(parts)
    clean, spans, _ = split_code(text)
    plain = " ".join(text.replace(CODE_OPEN, "").replace(CODE_CLOSE, "").split())
    assert clean == plain
    for start, end in spans:
        assert 0 <= start < end <= len(clean)
