"""One analysis run of one loaded crawl, and the engines its check families share.

The shared text pass, the site's terms, the template blocks and the graph analysis are each
computed once, on first use, and kept on this object: the run owns them. No module-level
cache, so two analyses in two threads (the service runs them in a pool) never see each
other's results, and a run's arrays are freed with it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.glossary import Glossary, load_glossary
from siteaudit.analysis.graph import TextSimilarity
from siteaudit.analysis.graph_analysis import GraphAnalysis, GraphSettings, analyse_graph
from siteaudit.analysis.page_scan import TermRows
from siteaudit.analysis.site_terms import SiteTerms, terms_from_counts
from siteaudit.analysis.template_blocks import TemplateBlocks
from siteaudit.analysis.text_scan import SiteText, scan_site_text


class AnalysisContext:
    """The loaded crawl plus what the checks share, each computed on first use."""

    def __init__(self, data: AuditData, graph_settings: GraphSettings | None = None) -> None:
        self.data = data
        self.graph_settings = graph_settings or GraphSettings()

    @property
    def options(self) -> AnalysisOptions:
        """The content checks' thresholds and glossary, as the crawl was loaded with."""
        return self.data.options

    @cached_property
    def glossary(self) -> Glossary | None:
        """The glossary of preferred terms, if the options name one."""
        return load_glossary(self.options.glossary) if self.options.glossary else None

    @cached_property
    def text(self) -> SiteText:
        """The shared pass over the site's own text (terms, duplicates, thin pages, similarity)."""
        return scan_site_text(self.data, self.options)

    @cached_property
    def template(self) -> TemplateBlocks:
        """The blocks repeated across the site (menus, footers), found by the text pass."""
        return self.text.template

    @cached_property
    def terms(self) -> SiteTerms:
        """The site's term clusters and the pages that use a variant spelling."""
        census = self.text.terms
        terms = terms_from_counts(
            census.counts, census.forms_by_page, census.glossary_pages, self.options, self.glossary
        )
        census.forms_by_page = {}  # read only here: an array a page, freed for the rest of the run
        return terms

    def release_check_state(self) -> None:
        """Free what only the checks read, once they have run: the text pass's results, the
        site's terms and the pages' similarity vectors (~300 MB at 1,000,000 pages). The
        report keeps the pages and the graph."""
        for name in ("text", "template", "terms"):
            self.__dict__.pop(name, None)
        graph = self.__dict__.get("graph")
        if graph is not None:
            self.__dict__["graph"] = replace(graph, similarity=TextSimilarity.empty())

    @cached_property
    def graph(self) -> GraphAnalysis:
        """The link graph, its scores, components and text similarity."""
        text = self.text
        graph = analyse_graph(self.data, text.terms_by_page, self.graph_settings)
        # The term rows' only reader (~30 terms a page): freed for the rest of the run.
        text.terms_by_page = TermRows()
        return graph
