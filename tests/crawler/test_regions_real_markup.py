"""Navigation bars of documentation generators are never related-articles lists.

The fixtures are the markup real generators emit (Sphinx's relbar, DocBook XSL's navheader,
a CMS's pager), cut down to what the region rules read.
"""

from siteaudit.crawler.extraction import extract_page

from siteaudit.core.records import Region

URL = "http://docs.example/ref/page.html"

SPHINX = """<html><body>
<div class="related" role="navigation" aria-label="related navigation">
  <h3>Navigation</h3>
  <ul><li class="right">
  <a href="../genindex.html" title="General Index" accesskey="I">index</a></li>
  <li class="right"><a href="next.html" title="Next topic" accesskey="N">next</a> |</li>
  <li class="nav-item nav-item-0"><a href="../index.html">Docs home</a> &#187;</li></ul>
</div>
<div class="document"><div class="body" role="main"><h1>Page</h1>
<p>Body text that links <a href="other.html">another page</a>.</p>
<div class="admonition seealso"><p class="admonition-title">See also</p>
<p>The <a href="topic.html">topic guide</a> explains more.</p></div>
</div></div></body></html>"""

DOCBOOK = """<html><body>
<div class="navheader"><table width="100%" summary="Navigation header">
<tr><th colspan="3" align="center">Chapter 2. Packages</th></tr>
<tr><td width="20%" align="left"><a accesskey="p" href="ch01.html">Prev</a> </td>
<th width="60%" align="center"> </th>
<td width="20%" align="right"> <a accesskey="n" href="ch03.html">Next</a></td></tr></table></div>
<div class="chapter"><h1>Packages</h1><p>Text.</p></div>
<div class="navfooter"><a accesskey="u" href="index.html">Up</a></div>
</body></html>"""

RELATED_WITH_PAGER = """<html><body><main><h1>Question</h1><p>Answer.</p>
<div class="related-articles"><h2>Related articles</h2>
<ul><li><a href="/faq/a.html">Article A</a></li><li><a href="/faq/b.html">Article B</a></li></ul>
<a rel="next" href="/faq/page-2.html">More</a></div>
</main></body></html>"""


def _regions(html: str) -> dict[str, str]:
    return {link.text: link.region for link in extract_page(html, URL).links}


def test_sphinx_relbar_is_navigation_and_see_also_stays_related() -> None:
    regions = _regions(SPHINX)
    assert regions["index"] == Region.NAV
    assert regions["next"] == Region.NAV
    assert regions["Docs home"] == Region.NAV
    assert regions["another page"] == Region.MAIN
    assert regions["topic guide"] == Region.RELATED


def test_docbook_navheader_and_navfooter_are_navigation() -> None:
    regions = _regions(DOCBOOK)
    assert regions["Prev"] == Region.NAV
    assert regions["Next"] == Region.NAV
    assert regions["Up"] == Region.NAV


def test_a_related_list_keeps_its_articles_but_not_its_pager() -> None:
    regions = _regions(RELATED_WITH_PAGER)
    assert regions["Article A"] == Region.RELATED
    assert regions["Article B"] == Region.RELATED
    assert regions["More"] == Region.NAV


SLUG_IDS = """<html><body><div class="body" role="main"><h1>Queries</h1>
<div class="viewcode-block" id="prefetch_related_objects"><a class="viewcode-back"
 href="../ref/querysets.html">[docs]</a> def prefetch_related_objects(): pass</div>
<div class="admonition-my-logs-are-filled-with-geos-related-errors admonition">
<p class="admonition-title">My logs are filled with GEOS-related errors</p>
<p>Read <a href="geos.html">the GEOS notes</a>.</p></div>
<h2 id="related_studies">Related Studies</h2><p>See <a href="study.html">the study</a>.</p>
<div class="section" id="s-related-objects-reference"><h2>Related objects reference</h2>
<p>Managers use <a href="managers.html">related managers</a>.</p></div>
</div></body></html>"""

SEE_ALSO_BOXES = """<html><body><div id="page-content"><h1>Binding</h1>
<div id="quickview"><h3>See also</h3><ul class="seealso">
<li><a href="vhosts/">Virtual Hosts</a></li><li><a href="dns-caveats.html">DNS Issues</a></li>
</ul></div>
<div class="seealso"><p>See also <a href="ch05.html">Network setup</a>.</p></div>
<p>Body <a href="body.html">link</a>.</p></div></body></html>"""


def test_ids_and_classes_that_only_contain_the_word_related_are_not_related_lists() -> None:
    regions = _regions(SLUG_IDS)
    assert regions["[docs]"] == Region.MAIN
    assert regions["the GEOS notes"] == Region.MAIN
    assert regions["the study"] == Region.MAIN
    assert regions["related managers"] == Region.MAIN


def test_see_also_boxes_of_the_apache_manual_and_docbook_are_related_lists() -> None:
    regions = _regions(SEE_ALSO_BOXES)
    assert regions["Virtual Hosts"] == Region.RELATED
    assert regions["DNS Issues"] == Region.RELATED
    assert regions["Network setup"] == Region.RELATED
    assert regions["link"] == Region.MAIN


SECTION_TITLES = """<html><body><main><h1>Compiling</h1>
<h2 id="recommended_compile_time_options">2. Recommended Compile-time Options</h2>
<p>Set <a href="threads.html">the threading mode</a> first.</p>
<h2>3. See also¶</h2><ul><li><a href="howto.html">How to compile</a></li></ul>
</main></body></html>"""


def test_a_section_whose_title_contains_recommended_is_not_a_related_list() -> None:
    regions = _regions(SECTION_TITLES)
    assert regions["the threading mode"] == Region.MAIN
    assert regions["How to compile"] == Region.RELATED
