"""One analysis context per run: runs of different crawls in parallel threads stay apart."""

from __future__ import annotations

import threading
from pathlib import Path

from siteaudit.analysis import run_checks
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData

from siteaudit.core.records import Finding, Page
from siteaudit.store import Store
from tests.analysis.content_factories import BASE, article, filler


def _variants_site() -> list[Page]:
    """Term variants and a related-articles ring: terms and graph findings."""
    pages = [
        article(
            f"/k{i}",
            [f"The Kapai truck number {i} is booked.", *filler(i, 4)],
            related=[f"Kapai question {(i + 1) % 16}"],
        )
        for i in range(16)
    ]
    pages.append(article("/variant", ["Book a Ka-Pai truck early.", *filler(50, 4)]))
    return pages


def _copies_site() -> list[Page]:
    """Exact and near copies and thin pages: duplicates and content findings."""
    copy = filler(3, 12)
    pages = [article(f"/f{i}", filler(100 + i, 12)) for i in range(20)]
    pages += [article("/orig", copy, h1="Rates"), article("/same", copy, h1="Rates")]
    near = [*copy[:5], "One sentence rewritten here.", *copy[6:]]
    pages.append(article("/near", near, h1="Rates"))
    pages.append(article("/thin", ["Only a few words."]))
    return pages


def _store(folder: Path, pages: list[Page]) -> Path:
    folder.mkdir()
    with Store.in_folder(folder) as store:
        crawl = store.begin_crawl([BASE + "/"], {})
        store.add_pages(crawl, pages)
        store.finish_crawl(crawl, "finished", {})
    return folder


def _analyse(folder: Path) -> list[Finding]:
    with Store.in_folder(folder, create=False) as store:
        context = AnalysisContext(AuditData.load(store))
        return run_checks(store, context=context)


def test_two_crawls_analysed_in_two_threads_give_the_findings_of_one_after_the_other(
    tmp_path: Path,
) -> None:
    folders = [
        _store(tmp_path / "variants", _variants_site()),
        _store(tmp_path / "copies", _copies_site()),
    ]
    alone = [_analyse(folder) for folder in folders]
    assert {f.check for f in alone[0]} >= {"term-variant"}
    assert {f.check for f in alone[1]} >= {"duplicate-page", "thin-content"}

    together: list[list[Finding]] = [[], []]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(n: int) -> None:
        try:
            start.wait()
            together[n] = _analyse(folders[n])
        except BaseException as exc:  # surfaced below: a thread's exception is otherwise lost
            errors.append(exc)

    for _ in range(3):  # a few rounds: interleavings differ from run to run
        threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        assert together == alone


def test_each_shared_engine_is_computed_once_per_run(tmp_path: Path) -> None:
    folder = _store(tmp_path / "copies", _copies_site())
    with Store.in_folder(folder, create=False) as store:
        context = AnalysisContext(AuditData.load(store))
        assert context.text is context.text
        assert context.template is context.text.template
        assert context.terms is context.terms
        assert context.graph is context.graph
        other = AnalysisContext(AuditData.load(store))
        assert other.text is not context.text  # a new run computes its own
        assert other.text.duplicates == context.text.duplicates


def test_what_only_the_checks_read_is_freed_and_the_reports_share_kept(tmp_path: Path) -> None:
    store = Store.in_folder(tmp_path)
    crawl = store.begin_crawl([BASE + "/"], {})
    store.add_pages(crawl, _variants_site())
    context = AnalysisContext(AuditData.load(store, crawl))
    assert run_checks(store, crawl, context=context)
    scores, site = context.graph.scores, context.graph.site
    assert context.graph.similarity.urls
    context.release_check_state()
    assert not {"text", "template", "terms"} & set(vars(context))
    graph = context.graph
    assert graph.scores is scores and graph.site is site  # what the report draws
    assert graph.similarity.urls == [] and graph.similarity.matrix.nnz == 0
    assert not graph.similarity.has(BASE + "/k1")
