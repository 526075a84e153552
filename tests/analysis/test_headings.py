import pytest
from siteaudit.analysis.headings import subject_mismatch


def test_swapped_subject_word_is_a_mismatch_naming_both_words() -> None:
    found = subject_mismatch(
        "Does Swiftpost Need an Amazon Tracking Code?", "Does COD Need an Amazon Tracking Code?"
    )
    assert found is not None
    assert found.title_words == ("Swiftpost",) and found.h1_words == ("COD",)
    assert not found.unrelated


def test_unrelated_title_and_h1_are_a_mismatch() -> None:
    found = subject_mismatch("Returns policy", "Track your parcel")
    assert found is not None and found.unrelated


@pytest.mark.parametrize(
    ("title", "h1"),
    [
        ("How to ship to FBA | Harbourline", "How to ship to FBA fast"),
        ("Shipping costs explained - Brand", "Shipping cost explained"),
        ("What Is LCL Shipping?", "The Meaning of LCL Shipping"),
        ("Kapai Service Charges", "Ka Pai service charges"),
        ("Sea freight prices 2024", "How much does sea shipping cost?"),
        ("Customs", "Customs"),
    ],
)
def test_elaborations_paraphrases_and_spelling_variants_are_not_mismatches(
    title: str, h1: str
) -> None:
    assert subject_mismatch(title, h1) is None
