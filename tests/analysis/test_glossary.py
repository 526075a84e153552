from pathlib import Path

import pytest
from siteaudit.analysis.glossary import GlossaryError, glossary_toml, load_glossary, parse_glossary

from tests.helpers import run_timed

GLOSSARY = """
[[term]]
preferred = "Kapai"
variants = ["Ka Pai", "Ka-Pai", "re:K[ae]r?[iy]?pai"]
exceptions = ["Cape Town"]
tests = [["Book a Ka-Pai truck", "Book a Kapai truck"], ["KAPAI rates", "Kapai rates"]]

[[term]]
preferred = "Cape Town"
variants = ["Capetown"]
case = "ignore"
tests = [{from = "Ship to Capetown", to = "Ship to Cape Town"}]
"""


def entry(**kw: object) -> dict[str, object]:
    return {"term": [{"preferred": "Kapai", "variants": ["Ka Pai"], **kw}]}


def test_toml_glossary_loads_and_replaces_variants_literal_and_regex(tmp_path: Path) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(GLOSSARY, encoding="utf-8")
    glossary = load_glossary(path)
    assert [t.preferred for t in glossary.terms] == ["Kapai", "Cape Town"]
    assert glossary.apply("Ka Pai, Kaipai and Kerpai trucks") == "Kapai, Kapai and Kapai trucks"
    assert glossary.apply("kapai and Kapai") == "Kapai and Kapai"  # case "exact"
    assert glossary.apply("cape town and Capetown") == "cape town and Cape Town"  # "ignore"


def test_yaml_glossary_is_equivalent(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "term:\n  - preferred: HaiKa\n    variants: [Hai Ka, Hai-Ka]\n"
        "    tests: [[Hai-Ka shipping, HaiKa shipping]]\n",
        encoding="utf-8",
    )
    assert load_glossary(path).apply("Hai Ka and HAIKA") == "HaiKa and HaiKa"


def test_exceptions_protect_look_alikes() -> None:
    glossary = parse_glossary(
        {"term": [{"preferred": "Kapai", "variants": ["Cape"], "exceptions": ["Cape Town"]}]}
    )
    assert glossary.apply("Cape Town and the Cape") == "Cape Town and the Kapai"
    assert [m.text for m in glossary.find("Capes and Cape-Town")] == []


def test_sensitive_case_matches_variants_only_as_written() -> None:
    glossary = parse_glossary(entry(case="sensitive"))
    assert glossary.apply("Ka Pai, KA PAI, kapai") == "Kapai, KA PAI, kapai"


def test_failing_self_test_names_the_entry() -> None:
    with pytest.raises(GlossaryError, match=r'entry "Kapai": self-test failed: "Ka-Pai"'):
        parse_glossary(entry(tests=[["Ka-Pai", "Kapai"]]))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (entry(variants=["re:Ka(Pai"]), r'entry "Kapai": bad regular expression'),
        (entry(variants=[r"re:(Ka)\1"]), r"backreferences are not supported"),
        (entry(variants=["re:(?<!Cape )Kapai"]), r"lookahead and lookbehind are not supported"),
        (entry(exceptions=["re:Ka(?=pai)"]), r"lookahead and lookbehind are not supported"),
        (entry(variants=["re:" + "(" * 5000]), r"over the limit of 1000"),
        (entry(case="loud"), r'entry "Kapai": case must be one of'),
        (entry(colour="red"), r"entry \"Kapai\": unknown key 'colour'"),
        (entry(variants="Ka Pai", tests=[["a"]]), r"each test must be"),
        ({"term": [{"variants": ["x"]}]}, r"entry 1: 'preferred' must be"),
        ({"term": {"preferred": "x"}}, r"'term' must be a list"),
        ({"terms": [], "extra": 1}, r"unknown key 'extra'"),
    ],
)
def test_bad_entries_get_a_clear_error(data: object, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(data)


def test_a_spelling_listed_under_two_terms_is_an_error() -> None:
    with pytest.raises(GlossaryError, match=r'"Ka Pai" is also listed under "Kapai"'):
        parse_glossary(
            {
                "term": [
                    {"preferred": "Kapai", "variants": ["Ka Pai"]},
                    {"preferred": "Kaipai", "variants": ["Ka Pai"]},
                ]
            }
        )


def test_unreadable_or_invalid_files_are_errors_not_tracebacks(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="cannot read glossary"):
        load_glossary(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[term]\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="not valid toml"):
        load_glossary(bad)


def test_starter_glossary_round_trips_and_passes_its_own_tests(tmp_path: Path) -> None:
    path = tmp_path / "starter.toml"
    path.write_text(glossary_toml([("Kapai", ["Ka-Pai", 'Ka "Pai"'])]), encoding="utf-8")
    glossary = load_glossary(path)
    assert glossary.terms[0].variants == ("Ka-Pai", 'Ka "Pai"')
    assert glossary.preferred_for("Ka-Pai") == "Kapai"
    assert glossary.preferred_for("Cape") is None


def test_regex_variants_match_whole_words_only_like_plain_ones() -> None:
    glossary = parse_glossary(entry(variants=["re:K[ae]r?[iy]?pai", "Ka Pai"]))
    assert glossary.apply("Kaipai, Kerpai-x, xKerpai, Kerpai_1, Kerpai.") == (
        "Kapai, Kerpai-x, xKerpai, Kerpai_1, Kapai."
    )
    assert glossary.apply("Kerpai Kaipai") == "Kapai Kapai"  # adjacent matches both found
    assert glossary.apply("Café Kerpai ünd Kaipaï") == "Café Kapai ünd Kaipaï"  # Unicode words


def test_a_catastrophic_regex_variant_matches_in_linear_time() -> None:
    # Python's re needs hours for this variant on 40 letters that almost match; the child
    # process is stopped by the time-out where a thread could not be.
    elapsed = run_timed(
        """
        import time
        from siteaudit.analysis.glossary import parse_glossary

        term = {"preferred": "Kapai", "variants": ["re:(([a-z])+)+!x"], "case": "sensitive"}
        glossary = parse_glossary({"term": [term]})
        started = time.perf_counter()
        for n in (40, 2_000, 100_000):
            assert glossary.find("a" * n + "!") == [], n
        assert [m.text for m in glossary.find("go abc!x now")] == ["abc!x"]
        # Many candidates that fail the word boundary: still one pass over the text.
        kapai = {"preferred": "Kapai", "variants": ["re:K[ae]r?[iy]?pai"]}
        assert parse_glossary({"term": [kapai]}).find("Kaipaix " * 10_000) == []
        print(time.perf_counter() - started)
        """
    )
    assert elapsed < 1.0
