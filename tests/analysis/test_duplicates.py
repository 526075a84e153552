from pathlib import Path

from siteaudit.analysis.duplicates import check_duplicates, differing_sentences

from tests.analysis.content_factories import analysed, article, filler

BASE = "http://ex.com"


def by(findings: list, check: str) -> dict[str, object]:
    return {f.url: f for f in findings if f.check == check}


def test_identical_articles_are_duplicates_whatever_their_titles(tmp_path: Path) -> None:
    text = filler(1, 12)
    pages = [
        article("/a", text, title="What is EORI?", h1="EORI"),
        article("/b", text, title="EORI explained", h1="EORI"),
    ]
    pages += [article(f"/x{i}", filler(10 + i, 12)) for i in range(5)]
    findings = list(check_duplicates(analysed(tmp_path, pages)))
    dups = by(findings, "duplicate-page")
    assert set(dups) == {BASE + "/a", BASE + "/b"}
    assert dups[BASE + "/a"].evidence["others"] == [BASE + "/b"]
    assert not by(findings, "near-duplicate-page")


def test_a_copy_with_one_sentence_changed_is_a_near_duplicate_with_the_difference(
    tmp_path: Path,
) -> None:
    original = filler(2, 12)
    copy = [*original[:5], "A completely different sentence about Felixstowe.", *original[6:]]
    pages = [article("/orig", original, title="To Europe"), article("/copy", copy, title="To UK")]
    pages += [article(f"/x{i}", filler(20 + i, 12)) for i in range(5)]
    findings = list(check_duplicates(analysed(tmp_path, pages)))
    near = by(findings, "near-duplicate-page")
    # One finding for the pair (not A->B and B->A): on the later page in URL order at equal depth.
    assert set(near) == {BASE + "/orig"}
    finding = near[BASE + "/orig"]
    assert finding.severity == "warning"
    assert finding.evidence["target"] == BASE + "/copy"
    assert 0.85 <= finding.evidence["similarity"] < 1.0
    assert finding.evidence["only_there"] == [
        "To UK",
        "A completely different sentence about Felixstowe.",
    ]
    assert finding.evidence["only_here"] == ["To Europe", original[5]]


def test_reference_pages_from_one_template_are_a_notice_naming_the_entities(
    tmp_path: Path,
) -> None:
    shared = filler(3, 12)
    pages = [
        article(
            f"/releases/1.{minor}.html",
            [f"Release 1.{minor} fixes two security issues.", *shared],
            title=f"Django 1.{minor} release notes | Docs",
        )
        for minor in range(4)
    ]
    pages += [article(f"/x{i}", filler(40 + i, 12)) for i in range(5)]
    findings = list(check_duplicates(analysed(tmp_path, pages)))
    assert not by(findings, "near-duplicate-page")
    templated = [f for f in findings if f.check == "near-duplicate-template"]
    assert len(templated) == 6  # each of the 4 x 3 / 2 pairs once
    assert all(f.severity == "notice" for f in templated)
    first = min(templated, key=lambda f: (f.url, f.evidence["target"]))
    assert (first.evidence["entity_here"], first.evidence["entity_there"]) == ("1.1", "1.0")
    assert first.evidence["family"] == 4


def test_two_copies_with_one_entity_changed_stay_a_warning(tmp_path: Path) -> None:
    # A pattern only the two pages share is a copy, not a template family.
    shared = filler(5, 12)
    pages = [
        article(
            "/to-europe", ["Transit to Europe takes a week.", *shared], title="Transit to Europe"
        ),
        article("/to-uk", ["Transit to the UK takes a week.", *shared], title="Transit to the UK"),
    ]
    pages += [article(f"/x{i}", filler(50 + i, 12)) for i in range(5)]
    findings = list(check_duplicates(analysed(tmp_path, pages)))
    near = [f for f in findings if f.check == "near-duplicate-page"]
    assert len(near) == 1 and near[0].severity == "warning"


def test_pages_sharing_only_the_template_are_not_paired(tmp_path: Path) -> None:
    pages = [article(f"/p{i}", filler(30 + i, 8)) for i in range(20)]
    findings = list(check_duplicates(analysed(tmp_path, pages)))
    assert not by(findings, "near-duplicate-page") and not by(findings, "duplicate-page")


def test_a_half_rewritten_copy_is_below_the_threshold(tmp_path: Path) -> None:
    original = filler(3, 12)
    copy = original[:6] + filler(99, 6)
    pages = [article("/orig", original), article("/half", copy)]
    pages += [article(f"/x{i}", filler(40 + i, 12)) for i in range(5)]
    assert not by(list(check_duplicates(analysed(tmp_path, pages))), "near-duplicate-page")


def test_noindex_and_canonicalised_copies_are_not_reported(tmp_path: Path) -> None:
    text = filler(4, 12)
    pages = [
        article("/a", text),
        article("/b", text, meta_robots="noindex"),
        article("/c", text, canonical=BASE + "/a"),
    ]
    pages += [article(f"/x{i}", filler(50 + i, 12)) for i in range(4)]
    assert not by(list(check_duplicates(analysed(tmp_path, pages))), "duplicate-page")


def test_titles_equal_after_mapping_term_variants_are_near_duplicates(tmp_path: Path) -> None:
    pages = [
        article(f"/k{i}", [f"Kapai and Haipai and HaiKa serve you, part {i}.", *filler(i, 4)])
        for i in range(12)
    ]
    pages += [
        article(
            "/one",
            [*filler(80, 4), "Hai Pai parcels."],
            title="HaiKa, Hai Pai, and Ka Pai: Which Service Fits?",
            h1="Which service fits?",
        ),
        article(
            "/two",
            [*filler(81, 4), "Ka-Pai trucks."],
            title="HaiKa Hai-Pai and Ka-Pai: Which Service Fits",
            h1="Which Service Fits?",
        ),
    ]
    findings = list(check_duplicates(analysed(tmp_path, pages)))
    titles = by(findings, "title-near-duplicate")
    assert set(titles) == {BASE + "/one", BASE + "/two"}
    assert titles[BASE + "/one"].evidence["titles"] == [
        "HaiKa Hai-Pai and Ka-Pai: Which Service Fits"
    ]
    assert set(by(findings, "h1-duplicate")) == {BASE + "/one", BASE + "/two"}


def test_duplicate_meta_descriptions(tmp_path: Path) -> None:
    pages = [article(f"/p{i}", filler(60 + i, 4), title=f"Topic {i} explained") for i in range(3)]
    pages[2].meta_description = "Something else entirely, written for this page only."
    dups = by(list(check_duplicates(analysed(tmp_path, pages))), "meta-description-duplicate")
    assert set(dups) == {BASE + "/p0", BASE + "/p1"}


def test_differing_sentences_lists_each_side() -> None:
    only_a, only_b = differing_sentences("One. Two. Three.", "One. Deux. Three. Four.")
    assert only_a == ("Two.",) and only_b == ("Deux.", "Four.")


def test_the_same_answer_under_two_questions_stays_a_warning(tmp_path: Path) -> None:
    # An FAQ whose titles share "How does Acme handle ...?": the slot is a question, not an
    # entity, so a copied answer under another question is still a near-duplicate warning.
    shared = filler(7, 12)
    questions = ["lost parcel claims", "customs paperwork delays", "weekend delivery windows"]
    pages = [
        article(
            f"/q{i}",
            [f"Acme answers {q} quickly.", *filler(60 + i, 12)],
            title=f"How does Acme handle {q}?",
        )
        for i, q in enumerate(questions)
    ]
    pages += [
        article(
            "/copy-a",
            ["Acme answers refund requests.", *shared],
            title="How does Acme handle refund requests?",
        ),
        article(
            "/copy-b",
            ["Acme answers damaged goods.", *shared],
            title="How does Acme handle damaged goods reports?",
        ),
    ]
    pages += [article(f"/x{i}", filler(70 + i, 12)) for i in range(5)]
    findings = list(check_duplicates(analysed(tmp_path, pages)))
    near = [f for f in findings if f.check == "near-duplicate-page"]
    assert len(near) == 1 and near[0].severity == "warning"
    assert not [f for f in findings if f.check == "near-duplicate-template"]
